"""Exports of table views (with their filter and sort) and of a person's or a community's data."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from commdesk.domain.enums import ActivityKind, StakeholderRole
from commdesk.io.export import ExportError
from commdesk.io.export import tables as table_export
from commdesk.io.export.records import export_community, export_person
from commdesk.io.export.tables import TableView, export_table, table_rows
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.listings import PEOPLE
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store


@pytest.fixture
def people(store: Store) -> list[int]:
    service = PeopleService(store)
    ids = []
    for n in range(25):
        roles = (StakeholderRole.CUSTOMER,) if n % 2 else (StakeholderRole.PARTNER,)
        name = f"=Person {n:02d}" if n == 3 else f"Person {n:02d}"
        ids.append(service.create(PersonDraft(name=name, roles=roles, emails=(f"p{n}@ex.org",))))
    return ids


def test_keyset_blocks_give_every_row_once_in_order(
    store: Store, people: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_export, "BLOCK", 4)  # many small blocks over 25 rows
    names = [row[1] for row in table_rows(store, TableView(PEOPLE))]
    assert names == sorted(names) and len(names) == 25
    backwards = [row[1] for row in table_rows(store, TableView(PEOPLE, descending=True))]
    assert backwards == names[::-1]
    by_email = [row[4] for row in table_rows(store, TableView(PEOPLE, sort_key="email"))]
    assert by_email == sorted(by_email) and len(by_email) == 25  # not seekable: streamed


def test_people_view_with_its_filter_to_xlsx(
    store: Store, people: list[int], tmp_path: Path
) -> None:
    view = TableView(PEOPLE, filters={"role": StakeholderRole.CUSTOMER}, title="People")
    written = export_table(store, view, tmp_path / "people.xlsx")
    assert written == 12
    sheet = openpyxl.load_workbook(tmp_path / "people.xlsx")["People"]
    assert [c.value for c in sheet[1]][:4] == ["Name", "Organisation", "Roles", "Email"]
    last = chr(ord("A") + len(PEOPLE.columns) - 1)  # one column per column of the view
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{last}13"
    assert sheet["A2"].value == "=Person 03" and sheet["A2"].data_type == "s"  # "=" sorts first
    assert sheet["A2"].quotePrefix
    assert sheet["A3"].value == "Person 01" and sheet["C3"].value == "Customer"
    assert sheet["G2"].value is False and sheet["G2"].data_type == "b"


def test_people_view_to_csv_with_filter_text(
    store: Store, people: list[int], tmp_path: Path
) -> None:
    view = TableView(PEOPLE, filter_text="Person 0")
    # "0" is a short word: it must appear in the name (00-09, 10 and 20).
    assert export_table(store, view, tmp_path / "people.csv") == 12
    with (tmp_path / "people.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Name" and len(rows) == 13
    assert "'=Person 03" in [r[0] for r in rows]


def test_a_persons_data(store: Store, people: list[int], tmp_path: Path) -> None:
    community = CommunityService(store).create(CommunityDraft(name="Makers"))
    CommunityService(store).add_member(community, people[0])
    ActivityService(store).log(
        ActivityDraft(people[0], datetime(2026, 1, 5, 9, 30, tzinfo=UTC), "github", "post",
                      community_id=community, title="+Hello")
    )  # fmt: skip
    export_person(store, people[0], tmp_path / "person.xlsx")
    book = openpyxl.load_workbook(tmp_path / "person.xlsx")
    assert book.sheetnames == ["Person", "Communities", "Activity"]
    facts = {r[0]: r[1] for r in book["Person"].iter_rows(values_only=True)}
    assert facts["Name"] == "Person 00" and facts["Emails"] == "p0@ex.org"
    assert facts["Roles"] == "Partner" and facts["Consent"] is False
    assert [c.value for c in book["Communities"][2]][:2] == ["Makers", "Member"]
    activity = book["Activity"]
    assert isinstance(activity["A2"].value, datetime)
    assert "+Hello" in [c.value for c in activity[2]]
    with pytest.raises(ExportError, match="several sheets"):
        export_person(store, people[0], tmp_path / "person.csv")


def test_a_communitys_data(store: Store, people: list[int], tmp_path: Path) -> None:
    service = CommunityService(store)
    community = service.create(CommunityDraft(name="Makers", purpose="Build things"))
    for person in people[:3]:
        service.add_member(community, person)
    ActivityService(store).log(
        ActivityDraft(people[1], datetime(2026, 2, 1, tzinfo=UTC), "github",
                      ActivityKind.COMMENT, community_id=community)
    )  # fmt: skip
    export_community(store, community, tmp_path / "community.xlsx")
    book = openpyxl.load_workbook(tmp_path / "community.xlsx")
    assert book.sheetnames == ["Community", "Members", "Activity"]
    assert book["Community"]["B2"].value == "Build things"
    assert book["Members"].max_row == 4
    assert book["Activity"].max_row == 2
