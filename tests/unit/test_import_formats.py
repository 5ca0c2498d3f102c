"""Known platform exports are recognised and imported with no mapping given by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from commdesk.domain.enums import Platform
from commdesk.io.importing.run import ImportOptions, import_people, inspect
from commdesk.services.people import PeopleService
from commdesk.store import Store
from tests.unit.import_helpers import FIXTURES


def _import(store: Store, name: str) -> tuple[str | None, PeopleService]:
    found = inspect(FIXTURES / name)
    report = import_people(store, FIXTURES / name, ImportOptions(found.mapping))
    assert report.rejects == []
    return (found.known_format.name if found.known_format else None), PeopleService(store)


def test_linkedin_connections_with_notes_preamble(store: Store) -> None:
    found = inspect(FIXTURES / "linkedin_Connections.csv")
    assert found.header_row == 4  # under "Notes:", the long note and a blank line
    known, people = _import(store, "linkedin_Connections.csv")
    assert known == "LinkedIn connections"
    ada = people.get(people.find_by_email("ada@analytical.example")[0])
    assert ada.name == "Ada Lovelace"
    assert ada.organisation == "Analytical Engines Ltd"
    assert ada.job_title == "Mathematician"
    assert ada.identities[0].platform == Platform.LINKEDIN
    assert ada.identities[0].handle == "ada-lovelace-1815"
    assert ada.identities[0].profile_url == "https://www.linkedin.com/in/ada-lovelace-1815"
    grace = people.find_by_identity(Platform.LINKEDIN, "gracehopper")
    assert grace is not None and people.get(grace).emails == ()
    assert people.search("Lovelace") == [(ada.id, "Ada Lovelace")]  # search index kept right


def test_mastodon_follows_list(store: Store) -> None:
    known, people = _import(store, "mastodon_following_accounts.csv")
    assert known == "Mastodon follows or followers"
    assert people.count() == 3
    for handle in ("Gargron@mastodon.social", "ada@hachyderm.io", "grace@fosstodon.org"):
        person_id = people.find_by_identity(Platform.MASTODON, handle)
        assert person_id is not None
        assert people.get(person_id).name == handle  # the only name a follows list has
    assert people.search("fosstodon")


def test_meetup_member_list(store: Store) -> None:
    known, people = _import(store, "meetup_members.csv")
    assert known == "Meetup member list"
    emilie = people.find_by_identity(Platform.MEETUP, "207777777")
    assert emilie is not None
    record = people.get(emilie)
    assert (record.name, record.location, record.notes) == (
        "Émilie du Châtelet",
        "Paris",
        "Bonjour à tous !",
    )


def test_discourse_user_list(store: Store) -> None:
    known, people = _import(store, "discourse_user_list.csv")
    assert known == "Discourse user list"
    ada = people.get(people.find_by_identity(Platform.DISCOURSE, "ada") or 0)
    assert ada.emails == ("ada@analytical.example", "ada.l@example.org", "countess@example.net")
    assert ada.job_title == "Engine whisperer"
    grace = people.get(people.find_by_identity(Platform.DISCOURSE, "grace_h") or 0)
    assert grace.name == "grace_h"  # no display name: the username stands in


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "german_semicolon_cp1252.csv",
            ["first_name", "last_name", "email", "organisation", "phone", "location", "tags"],
        ),
        ("utf16_tab.csv", ["name", "email", "organisation", "roles"]),
    ],
)
def test_encodings_delimiters_and_languages(store: Store, name: str, expected: list[str]) -> None:
    found = inspect(FIXTURES / name)
    assert found.known_format is None
    assert found.mapping == expected
    report = import_people(store, FIXTURES / name, ImportOptions(found.mapping))
    assert (report.created, report.rejects) == (2, [])
    people = PeopleService(store)
    names = {people.get(i).name for i, _ in people.search("example") + people.search("beispiel")}
    assert names & {"Jürgen Müller", "Zoë Ångström"}


def test_utf16_roles_and_cp1252_tags_are_stored(store: Store) -> None:
    for name in ("german_semicolon_cp1252.csv", "utf16_tab.csv"):
        found = inspect(FIXTURES / name)
        import_people(store, FIXTURES / name, ImportOptions(found.mapping))
    people = PeopleService(store)
    zoe = people.get(people.find_by_email("zoe@example.org")[0])
    assert [r.value for r in zoe.roles] == ["customer", "partner"]
    juergen = people.get(people.find_by_email("juergen@beispiel.de")[0])
    assert juergen.tags == ("bäcker", "kunde")
    assert juergen.organisation == "Bäckerei Müller GmbH"


def test_apostrophes_do_not_fool_the_delimiter_guess(store: Store, tmp_path: Path) -> None:
    # Hypothesis found it: the formula guard of "=" and an apostrophe before a tab made
    # csv.Sniffer take "'" for a quote and the tab between them for the delimiter.
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Company\n'=,a@one.example,\nAda,ada@two.example,0'\t0\n", encoding="utf-8"
    )
    found = inspect(path)
    assert "comma-separated" in found.details
    assert (found.header_row, found.mapping) == (1, ["name", "email", "organisation"])
    report = import_people(store, path, ImportOptions(found.mapping))
    assert (report.created, report.rejects) == (2, [])
    people = PeopleService(store)
    assert people.get(people.find_by_email("a@one.example")[0]).name == "="
    assert people.get(people.find_by_email("ada@two.example")[0]).organisation == "0'\t0"


MULTI_LINE_NOTES = "Name,Email,Notes\n" + "".join(
    f'Person {n},p{n}@x.example,"Met at the fair\nTopics: a; b\nAlso: c; d\nThen: e; f"\n'
    for n in range(6)
)


@pytest.mark.parametrize(
    ("text", "separated"),
    [
        # Quoted multi-line notes holding ";": under ";" their lines would be rows of their own.
        (MULTI_LINE_NOTES, "comma-separated"),
        # A quoted tab or ";" inside a cell is not the separator.
        (
            'Name;Email\n"Ada\tLovelace";ada@x.example\n"Bob, Jr";bob@x.example\n',
            "semicolon-separated",
        ),
        # A comma in free text does not beat a tab that every row agrees on.
        (
            "Name\tEmail\tNotes\nAda\tada@x.example\tlikes a, b, c\nBob\tbob@x.example\tnone\n",
            "tab-separated",
        ),
        ("Name|Email\nAda|ada@x.example\n", "bar-separated"),
        # One column: nothing to separate, read as comma-separated.
        ("Email\nada@x.example\nbob@x.example\n", "comma-separated"),
    ],
)
def test_the_separator_is_the_one_every_row_agrees_on(
    tmp_path: Path, text: str, separated: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    found = inspect(path)
    assert separated in found.details
    assert "email" in found.mapping


def test_unknown_file_falls_back_to_first_wide_row(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("exported by tool X\nColonne A,Colonne B\n1,2\n", encoding="utf-8")
    found = inspect(path)
    assert found.header == ["Colonne A", "Colonne B"]
    assert found.mapping == [None, None]


def test_meetup_list_saved_as_xlsx_is_recognised_too(store: Store, tmp_path: Path) -> None:
    import csv

    import xlsxwriter

    path = tmp_path / "London_Python_Members.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Members")
    with (FIXTURES / "meetup_members.csv").open(encoding="utf-8", newline="") as handle:
        for row, cells in enumerate(csv.reader(handle)):
            sheet.write_row(row, 0, cells)
    book.close()
    found = inspect(path)
    assert found.known_format is not None and found.known_format.name == "Meetup member list"
    report = import_people(store, path, ImportOptions(found.mapping))
    assert (report.created, report.rejects) == (3, [])
    assert PeopleService(store).find_by_identity(Platform.MEETUP, "209876543") is not None
