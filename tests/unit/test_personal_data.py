"""A person's data export: every link to a person covered, JSON and .xlsx, formulas
neutralised; and the consent rule for outreach exports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from commdesk.domain import Base, MergeCandidate
from commdesk.errors import CommDeskError, NotFoundError
from commdesk.services import personal_data
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    CommunityDraft,
    IdentityDraft,
    PersonDraft,
    PlanDraft,
    PlanItemDraft,
)
from commdesk.store import Store


def test_every_link_to_a_person_is_exported() -> None:
    links = {
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    missing = links - set(personal_data.COVERED)
    assert not missing, f"not in the personal data export: {sorted(missing)}"
    assert set(personal_data.COVERED) <= links


def full_person(store: Store) -> int:
    people = PeopleService(store)
    person = people.create(
        PersonDraft(
            name='=HYPERLINK("http://evil")',
            emails=("ada@example.org", "ada@home.example"),
            phone="+1 555 0100",
            notes="-2+3 likes tea",
            roles=("customer", "partner"),
            identities=(IdentityDraft("github", "@ada"),),
            tags=("speaker",),
            consent=True,
            consent_on=date(2026, 1, 5),
        )
    )
    communities = CommunityService(store)
    community = communities.create(CommunityDraft(name="Rustaceans", owner_id=person))
    communities.add_member(community, person)
    ActivityService(store).log(
        ActivityDraft(
            person_id=person,
            occurred_at=datetime(2026, 2, 1, tzinfo=UTC),
            platform="github",
            kind="post",
            community_id=community,
            title="@mention everyone",
        )
    )
    namesake = people.create(PersonDraft(name="Ada L."))
    with store.session() as session:  # what a sync records for a likely duplicate
        session.add(MergeCandidate(person_id=namesake, other_person_id=person, reason="same name"))
    plans = PlanService(store)
    plan = plans.create(PlanDraft(name="Spring", owner_id=person))
    plans.add_item(plan, PlanItemDraft(phase="grow", title="Meetup", owner_id=person))
    return person


def test_the_json_export_holds_every_section(store: Store, tmp_path: Path) -> None:
    person = full_person(store)
    written = personal_data.export(store, person, tmp_path / "ada.json")
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["person"]["phone"] == "+1 555 0100"
    assert data["person"]["consent_on"] == "2026-01-05"
    assert {r["email"] for r in data["emails"]} == {"ada@example.org", "ada@home.example"}
    assert {r["role"] for r in data["roles"]} == {"customer", "partner"}
    assert data["identities"][0]["handle"] == "@ada"
    assert data["tags"] == [{"name": "speaker"}]
    assert data["memberships"][0]["community"] == "Rustaceans"
    assert data["activities"][0]["title"] == "@mention everyone"
    assert data["communities_owned"][0]["name"] == "Rustaceans"
    assert data["plans_owned"][0]["name"] == "Spring"
    assert data["plan_items_owned"][0]["title"] == "Meetup"
    for section in set(personal_data.COVERED.values()):
        assert data[section], f"section {section} is empty"


def test_the_xlsx_export_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    person = full_person(store)
    written = personal_data.export(store, person, tmp_path / "ada.xlsx")
    book = openpyxl.load_workbook(written)
    try:
        assert set(book.sheetnames) >= {"Person", "Activities", "Plan items owned"}
        values = {row[0].value: row[1].value for row in book["Person"].iter_rows(min_row=2)}
        # Kept exactly, as text with Excel's quote prefix (commdesk/io/cells.py).
        assert values["name"] == '=HYPERLINK("http://evil")'
        assert values["notes"] == "-2+3 likes tea"
        name_cell = next(
            row[1] for row in book["Person"].iter_rows(min_row=2) if row[0].value == "name"
        )
        assert name_cell.data_type == "s" and name_cell.quotePrefix
        cells = [c.value for row in book["Activities"].iter_rows() for c in row]
        assert "@mention everyone" in cells
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate)
    finally:
        book.close()


def test_export_refuses_unknown_people_and_formats(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="id 42"):
        personal_data.export(store, 42, tmp_path / "x.json")
    person = full_person(store)
    with pytest.raises(CommDeskError, match=r"\.json or an \.xlsx"):
        personal_data.export(store, person, tmp_path / "x.csv")
    assert list(tmp_path.glob("x.*")) == []


def test_outreach_leaves_out_people_without_consent_unless_asked(store: Store) -> None:
    people = PeopleService(store)
    agreed = people.create(PersonDraft(name="Agreed", consent=True))
    silent = people.create(PersonDraft(name="Never asked"))
    with store.read() as session:
        default = [r.id for r in session.execute(personal_data.outreach_people(False))]
        everyone = [r.id for r in session.execute(personal_data.outreach_people(True))]
    assert default == [agreed]
    assert sorted(everyone) == sorted([agreed, silent])
