"""Column mapping guesses, header detection and the checks on a mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from commdesk.domain.enums import Platform
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.fields import check_mapping, guess_mapping
from commdesk.io.importing.people_rows import parse_handle
from commdesk.io.importing.run import ImportOptions, import_people, inspect, preview
from commdesk.services.people import PeopleService
from commdesk.store import Store


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Full Name", "name"),
        ("E-Mail", "email"),
        ("E-Mail-Adresse", "email"),
        ("Courriel", "email"),
        ("correo electrónico", "email"),
        ("Prénom", "first_name"),
        ("Nachname", "last_name"),
        ("Achternaam", "last_name"),
        ("Company", "organisation"),
        ("Organization", "organisation"),
        ("Entreprise", "organisation"),
        ("Job Title", "job_title"),
        ("Téléphone", "phone"),
        ("GitHub username", "handle:github"),
        ("Mastodon", "handle:mastodon"),
        ("Tags", "tags"),
        ("GDPR consent", "consent"),
        ("Shoe size", None),
    ],
)
def test_guess_from_headers_in_several_languages(header: str, field: str | None) -> None:
    assert guess_mapping([header]) == [field]


def test_a_single_valued_field_goes_to_its_first_column_only() -> None:
    assert guess_mapping(["Name", "Full name", "Email", "Work email"]) == [
        "name",
        None,
        "email",
        "email",  # several columns may feed the emails
    ]


def test_check_mapping_names_each_problem() -> None:
    assert check_mapping(["name", "email"]) == []
    problems = check_mapping(["name", "name", "shoe_size"])
    assert "Name is mapped from more than one column" in problems
    assert any("unknown field 'shoe_size'" in p for p in problems)
    assert check_mapping(["phone", None]) == ["no column gives a name, an email or a handle"]


def test_preview_refuses_an_unusable_mapping(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Phone\n123\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no column gives a name"):
        preview(path, inspect(path).mapping)


def test_header_found_under_a_preamble_of_notes(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        "Member export\nGenerated 2024-03-01 by the membership team\n\n"
        "Name,Email,Company\nAda,ada@example.org,Acme\n",
        encoding="utf-8",
    )
    found = inspect(path)
    assert (found.header_row, found.mapping) == (4, ["name", "email", "organisation"])
    [(number, _cells, person)] = preview(path, found.mapping)
    assert number == 5 and not isinstance(person, list) and person.name == "Ada"


@pytest.mark.parametrize("value", ["ACCOUNTADDRESS", "Account address", "account-address"])
def test_a_value_that_names_a_known_format_does_not_take_the_header(
    store: Store, tmp_path: Path, value: str
) -> None:
    # Hypothesis once found a person named "ACCOUNTADDRESS": the Mastodon follows list's
    # one-column signature made that data row the header, and the names under it became
    # Mastodon handles ("already belongs to person N").
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Job title,Company\n"
        f"{value},a@one.example,,\n"
        f"Ada,ada@two.example,{value},Acme\n"
        "Ada,ada@three.example,,\n",
        encoding="utf-8",
    )
    found = inspect(path)
    assert (found.header_row, found.known_format) == (1, None)
    assert found.mapping == ["name", "email", "job_title", "organisation"]
    report = import_people(store, path, ImportOptions(found.mapping, on_duplicate="create"))
    assert (report.created, report.rejects) == (3, [])
    people = PeopleService(store)
    [first] = people.find_by_email("a@one.example")
    assert people.get(first).name == value
    assert people.get(first).identities == ()


def test_a_known_format_header_still_wins_over_a_preamble(tmp_path: Path) -> None:
    path = tmp_path / "following_accounts.csv"
    path.write_text(
        "Notes\n\nAccount address,Show boosts\nada@social.example,true\n", encoding="utf-8"
    )
    found = inspect(path)
    assert found.known_format is not None and found.header_row == 3
    assert found.mapping == ["handle:mastodon", None]


@pytest.mark.parametrize(
    ("platform", "text", "handle", "url"),
    [
        (
            Platform.LINKEDIN,
            "https://www.linkedin.com/in/ada/",
            "ada",
            "https://www.linkedin.com/in/ada/",
        ),
        (
            Platform.MASTODON,
            "https://social.example/@ada",
            "ada@social.example",
            "https://social.example/@ada",
        ),
        (Platform.MASTODON, "@ada@social.example", "ada@social.example", None),
        (Platform.GITHUB, "https://github.com/octocat", "octocat", "https://github.com/octocat"),
        (Platform.GITHUB, "octocat", "octocat", None),
    ],
)
def test_handles_from_profile_addresses(
    platform: Platform, text: str, handle: str, url: str | None
) -> None:
    assert parse_handle(platform, text) == (platform, handle, url)
