"""A person's data in their hands: everything linked to them, as JSON or a spreadsheet.

:data:`COVERED` names every link to a person in the schema and the section of the export
that holds it; a test compares it with the schema's foreign keys, so a new table that
refers to people cannot be left out of an export. :func:`consent_filter` is the one rule
for exports meant for outreach: people without consent to contact are left out unless the
user includes them explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import ColumnElement, Connection, Executable, Select, select, true

from commdesk import __version__
from commdesk.domain import (
    Activity,
    Community,
    Identity,
    Membership,
    MergeCandidate,
    Organisation,
    Person,
    PersonDecay,
    PersonEmail,
    PersonRole,
    PersonScore,
    Plan,
    PlanItem,
    Tag,
    person_tags,
)
from commdesk.errors import CommDeskError, NotFoundError
from commdesk.io import cells
from commdesk.store import Store

# (table, column referring to people) -> the section of the export that holds those rows.
COVERED = {
    ("person_roles", "person_id"): "roles",
    ("person_emails", "person_id"): "emails",
    ("identities", "person_id"): "identities",
    ("person_tags", "person_id"): "tags",
    ("memberships", "person_id"): "memberships",
    ("activities", "person_id"): "activities",
    ("communities", "owner_id"): "communities_owned",
    ("plans", "owner_id"): "plans_owned",
    ("plan_items", "owner_id"): "plan_items_owned",
    ("merge_candidates", "person_id"): "possible_duplicates",
    ("merge_candidates", "other_person_id"): "possible_duplicates",
    ("person_scores", "person_id"): "engagement",
    ("person_decay", "person_id"): "engagement",
}

PERSON_FIELDS = (
    "id",
    "name",
    "phone",
    "job_title",
    "department",
    "location",
    "notes",
    "consent",
    "consent_on",
    "consent_source",
    "archived",
    "last_activity_at",
    "created_at",
    "updated_at",
)

Section = list[dict[str, Any]]


def consent_filter(include_without_consent: bool) -> ColumnElement[bool]:
    """The WHERE condition on :class:`Person` for an export meant for outreach."""
    return true() if include_without_consent else Person.consent.is_(True)


def outreach_people(include_without_consent: bool) -> Select[int, str]:
    """Ids and names of the people an outreach export may contact (not archived)."""
    return (
        select(Person.id, Person.name)
        .where(Person.archived.is_(False), consent_filter(include_without_consent))
        .order_by(Person.name, Person.id)
    )


def collect(store: Store, person_id: int) -> dict[str, Any]:
    """Everything CommDesk holds about one person, as plain JSON-ready data."""
    with store.read() as session:
        connection = session.connection()
        person = connection.execute(select(Person).where(Person.id == person_id)).first()
        if person is None:
            raise NotFoundError(f"No person with id {person_id}.")
        fields = {name: _plain(person._mapping[name]) for name in PERSON_FIELDS}
        organisation = connection.execute(
            select(Organisation.name).where(Organisation.id == person.organisation_id)
        ).scalar()
        fields["organisation"] = organisation
        sections = _sections(connection, person_id)
    return {
        "exported_by": f"CommDesk {__version__}",
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "person": fields,
        **sections,
    }


def _sections(connection: Connection, person_id: int) -> dict[str, Section]:
    def rows(query: Executable) -> Section:
        return [
            {key: _plain(value) for key, value in row._mapping.items()}
            for row in connection.execute(query)
        ]

    duplicates = (MergeCandidate.person_id == person_id) | (
        MergeCandidate.other_person_id == person_id
    )
    return {
        # The score and level (person_scores) with the decayed counts they come from.
        "engagement": rows(
            select(
                PersonScore.score,
                PersonScore.level,
                PersonScore.scored_at,
                PersonDecay.last_at.label("last_activity_scored"),
            )
            .join(PersonDecay, PersonDecay.person_id == PersonScore.person_id, isouter=True)
            .where(PersonScore.person_id == person_id)
        ),
        "possible_duplicates": rows(
            select(
                MergeCandidate.person_id,
                MergeCandidate.other_person_id,
                MergeCandidate.reason,
                MergeCandidate.created_at,
            )
            .where(duplicates)
            .order_by(MergeCandidate.id)
        ),
        "roles": rows(select(PersonRole.role).where(PersonRole.person_id == person_id)),
        "emails": rows(
            select(PersonEmail.email, PersonEmail.position)
            .where(PersonEmail.person_id == person_id)
            .order_by(PersonEmail.position)
        ),
        "identities": rows(
            select(Identity.platform, Identity.handle, Identity.profile_url).where(
                Identity.person_id == person_id
            )
        ),
        "tags": rows(
            select(Tag.name)
            .join(person_tags, person_tags.c.tag_id == Tag.id)
            .where(person_tags.c.person_id == person_id)
            .order_by(Tag.name)
        ),
        "memberships": rows(
            select(
                Community.name.label("community"),
                Membership.role,
                Membership.joined_on,
                Membership.left_on,
            )
            .join(Community, Community.id == Membership.community_id)
            .where(Membership.person_id == person_id)
            .order_by(Community.name)
        ),
        "activities": rows(
            select(
                Activity.occurred_at,
                Activity.platform,
                Activity.kind,
                Community.name.label("community"),
                Activity.title,
                Activity.url,
                Activity.source,
            )
            .outerjoin(Community, Community.id == Activity.community_id)
            .where(Activity.person_id == person_id)
            .order_by(Activity.occurred_at, Activity.id)
        ),
        "communities_owned": rows(
            select(Community.name, Community.purpose).where(Community.owner_id == person_id)
        ),
        "plans_owned": rows(
            select(Plan.name, Plan.objective, Plan.status).where(Plan.owner_id == person_id)
        ),
        "plan_items_owned": rows(
            select(
                Plan.name.label("plan"),
                PlanItem.title,
                PlanItem.phase,
                PlanItem.status,
                PlanItem.due_on,
                PlanItem.notes,
            )
            .join(Plan, Plan.id == PlanItem.plan_id)
            .where(PlanItem.owner_id == person_id)
            .order_by(Plan.name, PlanItem.position)
        ),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export(store: Store, person_id: int, destination: Path) -> Path:
    """Write the person's data to ``destination``: ``.json`` or ``.xlsx`` by its suffix."""
    suffix = destination.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise CommDeskError(f"{destination.name}: export to a .json or an .xlsx file.")
    if not destination.parent.is_dir():
        raise CommDeskError(f"Cannot write {destination}: folder {destination.parent} is missing.")
    data = collect(store, person_id)
    partial = destination.with_name(destination.name + ".partial")
    try:
        if suffix == ".json":
            partial.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        else:
            write_xlsx(data, partial)
        partial.replace(destination)  # whole or absent
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommDeskError(f"Cannot write {destination}: {exc.strerror or exc}") from exc
    return destination


def write_xlsx(data: Mapping[str, Any], path: Path) -> None:
    """One sheet for the person's fields, then one per section; every cell is plain text or
    a number (no formulas, no URLs turned into links)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        bold = book.add_format({"bold": True})
        # Text a spreadsheet would take for a formula is kept as it is, as text (io/cells.py).
        quoted = book.add_format({"quote_prefix": True})
        sheet = book.add_worksheet("Person")
        sheet.write_row(0, 0, ["Field", "Value"], bold)
        for row, (key, value) in enumerate(data["person"].items(), start=1):
            sheet.write_string(row, 0, key)
            _cell(sheet, row, 1, value, quoted)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 50)
        for name in dict.fromkeys(COVERED.values()):
            _section_sheet(book, name, data[name], bold, quoted)
    finally:
        book.close()


def _cell(sheet: Any, row: int, column: int, value: Any, quoted: Any) -> None:
    if isinstance(value, str) and cells.is_dangerous(value):
        sheet.write_string(row, column, value.replace("\x00", ""), quoted)
    else:
        sheet.write(row, column, value)


def _section_sheet(
    book: xlsxwriter.Workbook,
    name: str,
    rows: Sequence[Mapping[str, Any]],
    bold: Any,
    quoted: Any,
) -> None:
    sheet = book.add_worksheet(name.replace("_", " ").capitalize()[:31])
    if not rows:
        sheet.write(0, 0, "(none)")
        return
    headers = list(rows[0])
    sheet.write_row(0, 0, headers, bold)
    for number, row in enumerate(rows, start=1):
        for column, header in enumerate(headers):
            _cell(sheet, number, column, row[header], quoted)
    sheet.set_column(0, len(headers) - 1, 20)
