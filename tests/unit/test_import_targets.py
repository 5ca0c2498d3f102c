"""Organisations, communities, memberships and activities imported from files."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from commdesk.domain.enums import Platform
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.run import ImportOptions, ImportReport, import_file, inspect
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, PersonDraft
from commdesk.store import Store


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _run(store: Store, path: Path, target: str, **options: object) -> ImportReport:
    mapping = inspect(path, target).mapping
    return import_file(store, path, ImportOptions(mapping, target=target, **options))  # type: ignore[arg-type]


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    assert store.path is not None
    with sqlite3.connect(store.path) as connection:
        return connection.execute(sql).fetchall()


def test_organisations_with_kinds_websites_domains_and_dedupe(store: Store, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "orgs.csv",
        [
            ["Organisation", "Type", "Website", "Domain"],
            ["Acme Corp", "company", "https://acme.example", "acme.example"],
            ["Open Data e.V.", "nonprofit", "", "opendata.example; @od.example"],
            ["ACME CORP", "", "", ""],  # the same organisation, any case
            ["Bad", "empire", "ftp://x", "not a domain!"],
        ],
    )
    report = _run(store, path, "organisations")
    assert (report.created, report.merged) == (2, 1)
    assert {(r.row, r.column) for r in report.rejects} == {
        (5, "Type"),
        (5, "Website"),
        (5, "Domain"),
    }
    assert _rows(store, "SELECT name, kind, website FROM organisations ORDER BY name") == [
        ("Acme Corp", "company", "https://acme.example"),
        ("Open Data e.V.", "nonprofit", None),
    ]
    assert [d for (d,) in _rows(store, "SELECT domain FROM organisation_domains ORDER BY 1")] == [
        "acme.example",
        "od.example",
        "opendata.example",
    ]
    again = _run(store, path, "organisations", on_duplicate="create")
    assert again.created == 0
    assert any("already exists" in r.reason for r in again.rejects)


def test_communities_then_memberships_by_email_and_handle(store: Store, tmp_path: Path) -> None:
    people = PeopleService(store)
    ada = people.create(PersonDraft("Ada", emails=("ada@example.org",)))
    octo = people.create(
        PersonDraft("Octo", identities=(IdentityDraft(Platform.GITHUB, "octocat"),))
    )
    communities = _csv(
        tmp_path / "c.csv",
        [
            ["Community", "Description", "Scope"],
            ["Rustaceans", "Rust users", "external"],
            ["Staff", "", "internal"],
        ],
    )
    assert _run(store, communities, "communities").created == 2
    members = _csv(
        tmp_path / "m.csv",
        [
            ["Email", "GitHub", "Community", "Role", "Joined on", "Left on"],
            ["ada@example.org", "", "Rustaceans", "moderator", "2023-01-01", ""],
            ["", "octocat", "rustaceans", "", "2024-02-02", ""],
            ["nobody@example.org", "", "Rustaceans", "", "", ""],
            ["ada@example.org", "", "Nowhere", "", "", ""],
            ["ada@example.org", "", "Staff", "", "2024-05-01", "2024-01-01"],
        ],
    )
    report = _run(store, members, "memberships")
    assert report.created == 2
    reasons = [(r.row, r.reason) for r in report.rejects]
    assert (4, "no person with nobody@example.org") in reasons
    assert (5, "no community named 'Nowhere'") in reasons
    assert (6, "left before joining") in reasons
    rows = _rows(store, "SELECT person_id, role, joined_on FROM memberships ORDER BY person_id")
    assert rows == [(ada, "moderator", "2023-01-01"), (octo, "member", "2024-02-02")]
    # Merging again takes the file's role and dates; the same file skipped changes nothing.
    assert _run(store, members, "memberships", on_duplicate="skip").skipped == 2


def test_activities_with_external_ids_dedupe_and_last_activity(
    store: Store, tmp_path: Path
) -> None:
    people = PeopleService(store)
    ada = people.create(PersonDraft("Ada", emails=("ada@example.org",)))
    path = _csv(
        tmp_path / "a.csv",
        [
            ["Email", "Date", "Platform", "Type", "Title", "Link", "Id"],
            [
                "ada@example.org",
                "2024-03-01T10:00:00Z",
                "github",
                "comment",
                "Nice PR",
                "https://github.com/x/1",
                "c-1",
            ],
            ["ada@example.org", "2024-03-05", "Mastodon", "post", "", "", ""],
            ["ada@example.org", "yesterday", "github", "comment", "", "", ""],
            ["ada@example.org", "2024-03-06", "myspace", "poke", "", "", ""],
        ],
    )
    report = _run(store, path, "activities")
    assert report.created == 2
    assert [(r.row, r.column) for r in report.rejects] == [
        (4, "Date"),
        (5, "Platform"),
        (5, "Type"),
    ]
    rows = _rows(
        store, "SELECT platform, kind, source, external_id FROM activities ORDER BY occurred_at"
    )
    assert rows == [("github", "comment", "import", "c-1"), ("mastodon", "post", "import", None)]
    assert people.get(ada).last_activity_at == datetime(2024, 3, 5, tzinfo=UTC)
    again = _run(store, path, "activities", on_duplicate="skip")
    assert (again.created, again.skipped) == (1, 1)  # only the one with an external id is known


def test_each_target_names_what_its_mapping_lacks(tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", [["Email", "Title"], ["a@example.org", "x"]])
    with pytest.raises(ImportFileError, match="no column gives when it happened"):
        import_file(
            None,  # type: ignore[arg-type]  # refused before the store is touched
            path,
            ImportOptions(inspect(path, "activities").mapping, target="activities"),
        )
    with pytest.raises(ImportFileError, match="Cannot import 'plans'"):
        inspect(path, "plans")


def test_an_import_backs_the_database_up_first_and_a_dry_run_does_not(
    store: Store, tmp_path: Path
) -> None:
    from commdesk import paths

    source = tmp_path / "people.csv"
    source.write_text("Name,Email\nAda Lovelace,ada@example.org\n", encoding="utf-8")
    options = ImportOptions(inspect(source, "people").mapping, target="people")
    import_file(store, source, ImportOptions(options.mapping, target="people", dry_run=True))
    assert not list(paths.backup_dir().glob("*before-import*"))
    import_file(store, source, options)
    assert len(list(paths.backup_dir().glob("*before-import*"))) == 1
