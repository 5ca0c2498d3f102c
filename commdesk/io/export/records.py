"""A person's or a community's data in one workbook: the record, its memberships, its activity."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from xlsxwriter.worksheet import Worksheet

from commdesk.domain import Community, Membership
from commdesk.io.export.options import format_of
from commdesk.io.export.progress import (
    ExportError,
    Progress,
    Reporter,
    no_progress,
    whole_file,
)
from commdesk.io.export.tables import TableView, write_table_sheet
from commdesk.io.export.workbook import Book
from commdesk.services.communities import CommunityService
from commdesk.services.listings import ACTIVITIES
from commdesk.services.listings.communities import COMMUNITY_MEMBERS
from commdesk.services.people import PeopleService
from commdesk.services.tables import TableService
from commdesk.store import Store


def export_person(
    store: Store, person_id: int, path: Path, progress: Progress = no_progress
) -> None:
    """Everything CommDesk holds about one person (what a data-access request asks for)."""
    _xlsx_only(path, "A person's data")
    person = PeopleService(store).get(person_id)
    facts: list[tuple[str, object]] = [
        ("Name", person.name),
        ("Emails", ", ".join(person.emails) or None),
        ("Phone", person.phone),
        ("Job title", person.job_title),
        ("Department", person.department),
        ("Organisation", person.organisation),
        ("Location", person.location),
        ("Roles", person.roles or None),
        ("Tags", ", ".join(person.tags) or None),
        ("Consent", person.consent),
        ("Consent given on", person.consent_on),
        ("Consent source", person.consent_source),
        ("Archived", person.archived),
        ("Last activity", person.last_activity_at),
        ("Created", person.created_at),
        ("Updated", person.updated_at),
        ("Notes", person.notes),
    ]
    facts += [(f"{i.platform} handle", i.handle) for i in person.identities]
    memberships = sa.select(
        Community.name, Membership.role, Membership.joined_on, Membership.left_on
    ).join(Community, Membership.community_id == Community.id)
    memberships = memberships.where(Membership.person_id == person_id).order_by(Community.name)
    activity = TableView(ACTIVITIES, filters={"person": person_id}, title="Activity")
    _write(
        store,
        path,
        title="Person",
        facts=facts,
        second=("Communities", memberships),
        activity=activity,
        progress=progress,
    )


def export_community(
    store: Store, community_id: int, path: Path, progress: Progress = no_progress
) -> None:
    """A community: its record, its members and its activity."""
    _xlsx_only(path, "A community's data")
    community = CommunityService(store).get(community_id)
    facts: list[tuple[str, object]] = [
        ("Name", community.name),
        ("Purpose", community.purpose),
        ("Scope", community.scope),
        ("Owner", community.owner),
        ("Members", community.members),
        ("Tags", ", ".join(community.tags) or None),
    ]
    facts += [(f"Channel ({c.platform})", c.address) for c in community.channels]
    members = TableView(COMMUNITY_MEMBERS, filters={"community": community_id}, title="Members")
    activity = TableView(ACTIVITIES, filters={"community": community_id}, title="Activity")
    _write(
        store,
        path,
        title="Community",
        facts=facts,
        second=members,
        activity=activity,
        progress=progress,
    )


def _xlsx_only(path: Path, what: str) -> None:
    if format_of(path) != "xlsx":
        raise ExportError(f"{what} fills several sheets; export it to .xlsx.")


def _write(
    store: Store,
    path: Path,
    *,
    title: str,
    facts: list[tuple[str, object]],
    second: TableView | tuple[str, sa.Executable],
    activity: TableView,
    progress: Progress,
) -> None:
    total = TableService(store).count(activity.spec, filters=activity.filters)
    reporter = Reporter(progress, total, "Writing the activity")
    reporter.report()
    with whole_file(path) as temporary:
        book = Book(temporary)
        try:
            sheet = book.sheet(title)
            sheet.set_column(0, 0, 22)
            sheet.set_column(1, 1, 60)
            for row, (label, value) in enumerate(facts):
                sheet.write_string(row, 0, label, book.label)
                book.value(sheet, row, 1, value)
            if isinstance(second, TableView):
                write_table_sheet(book, book.sheet(second.title), store, second, _quiet())
            else:
                _memberships(book, book.sheet(second[0]), store, second[1])
            write_table_sheet(book, book.sheet(activity.title), store, activity, reporter)
        finally:
            book.close()


def _memberships(book: Book, sheet: Worksheet, store: Store, query: sa.Executable) -> None:
    book.headers(sheet, ["Community", "Role", "Joined", "Left"], [30, 14, 12, 12])
    row = 0
    with store.read() as session:
        for row, values in enumerate(session.execute(query), start=1):
            for col, value in enumerate(values):
                book.value(sheet, row, col, value)
    sheet.autofilter(0, 0, max(row, 1), 3)


def _quiet() -> Reporter:
    return Reporter(no_progress, 1, "")
