"""Importing people into a real store: dedupe, rejects, dry run, all-or-nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from commdesk.domain.enums import Platform
from commdesk.io.importing.errors import ImportCancelled, ImportFileError
from commdesk.io.importing.rejects import save_rejects
from commdesk.io.importing.run import ImportOptions, import_people, inspect
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, PersonDraft
from commdesk.store import Store
from tests.unit.import_helpers import fingerprint


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _run(store: Store, path: Path, **options: object) -> object:
    return import_people(store, path, ImportOptions(inspect(path).mapping, **options))  # type: ignore[arg-type]


@pytest.fixture
def known(store: Store) -> dict[str, int]:
    people = PeopleService(store)
    return {
        "ada": people.create(PersonDraft("Ada Lovelace", emails=("ada@example.org",), phone="1")),
        "gh": people.create(
            PersonDraft("Octo Cat", identities=(IdentityDraft(Platform.GITHUB, "octocat"),))
        ),
    }


HEADER = ["Name", "Email", "GitHub", "Job title", "Tags"]


def test_dedupe_by_email_and_by_handle_merges(
    store: Store, known: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [
            HEADER,
            ["Ada L.", "ADA@example.org", "", "Countess", "vip"],
            ["The Octocat", "octo@github.example", "octocat", "Mascot", ""],
            ["New Person", "new@example.org", "", "", "vip"],
        ],
    )
    report = _run(store, path)
    assert (report.created, report.merged, report.skipped) == (1, 2, 0)  # type: ignore[attr-defined]
    people = PeopleService(store)
    ada = people.get(known["ada"])
    assert ada.name == "Ada Lovelace"  # a merge never overwrites what the person has
    assert (ada.job_title, ada.phone, ada.tags) == ("Countess", "1", ("vip",))
    octo = people.get(known["gh"])
    assert octo.emails == ("octo@github.example",)
    assert people.search("github.example") == [(known["gh"], "Octo Cat")]
    assert people.count() == 3


@pytest.mark.parametrize(("policy", "expected"), [("skip", (0, 2, 2)), ("create", (1, 0, 3))])
def test_skip_and_create_policies(
    store: Store, known: dict[str, int], tmp_path: Path, policy: str, expected: tuple[int, ...]
) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [HEADER, ["Ada again", "ada@example.org", "", "", ""], ["Cat", "", "octocat", "", ""]],
    )
    report = _run(store, path, on_duplicate=policy)
    counts = (report.created, report.skipped, PeopleService(store).count())  # type: ignore[attr-defined]
    assert counts == expected
    if policy == "create":
        [reject] = report.rejects  # type: ignore[attr-defined]
        assert (reject.row, reject.column) == (3, "GitHub handle")
        assert "already belongs to person" in reject.reason


def test_duplicates_inside_the_file_are_deduped_too(store: Store, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [HEADER, ["A", "a@example.org", "", "", ""], ["A twice", "A@example.org", "", "Boss", ""]],
    )
    report = _run(store, path)
    assert (report.created, report.merged) == (1, 1)  # type: ignore[attr-defined]
    [(person_id, name)] = PeopleService(store).search("example.org")
    assert name == "A" and PeopleService(store).get(person_id).job_title == "Boss"


def test_rejects_name_row_column_and_reason_and_save_as_csv(store: Store, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [
            ["Name", "Email", "Roles", "Consent"],
            ["Good", "good@example.org", "partner", "yes"],
            ["Bad email", "not-an-email", "", ""],
            ["Bad role", "", "emperor", "maybe"],
            ["", "", "", ""],  # blank lines are no rows
            ["=HYPERLINK(1)", "x@", "", ""],
        ],
    )
    report = _run(store, path)
    assert report.created == 1  # type: ignore[attr-defined]
    found = [(r.row, r.column, r.reason) for r in report.rejects]  # type: ignore[attr-defined]
    assert found[0] == (3, "Email", "'not-an-email' is not an email address")
    assert found[1][:2] == (4, "Roles") and "unknown value 'emperor'" in found[1][2]
    assert found[2] == (4, "Consent", "'maybe' is not yes or no")
    assert found[3][:2] == (6, "Email")
    saved = tmp_path / "rejects.csv"
    save_rejects(saved, report.rejects, ["Name", "Email", "Roles", "Consent"])  # type: ignore[attr-defined]
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == ["row", "column", "reason", "Name", "Email", "Roles", "Consent"]
    assert lines[1][:4] == ["3", "Email", "'not-an-email' is not an email address", "Bad email"]
    assert lines[4][3] == "'=HYPERLINK(1)"  # neutralised like every export


def test_dry_run_reports_but_writes_nothing(
    store: Store, known: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [HEADER, ["Ada", "ada@example.org", "", "", ""], ["New", "", "", "", ""]],
    )
    before = fingerprint(store)
    report = _run(store, path, dry_run=True)
    assert (report.created, report.merged, report.dry_run) == (1, 1, True)  # type: ignore[attr-defined]
    assert "would be created" in report.summary()  # type: ignore[attr-defined]
    assert fingerprint(store) == before


def _big_file(path: Path, rows: int, broken_at: int | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Mastodon", "Company", "Tags"])
        for i in range(rows):
            writer.writerow(
                [
                    f"Person {i}",
                    f"p{i}@example.org",
                    f"p{i}@social.example",
                    f"Org {i % 50}",
                    "bulk",
                ]
            )
    if broken_at is not None:
        data = path.read_bytes()
        lines = data.split(b"\n")
        lines[broken_at] = b"\xff\xfe broken \xff"  # not UTF-8: the file cannot be read on
        path.write_bytes(b"\n".join(lines))
    return path


def test_cancel_in_the_middle_of_a_big_import_changes_nothing(
    store: Store, known: dict[str, int], tmp_path: Path
) -> None:
    path = _big_file(tmp_path / "big.csv", 20_000)
    before = fingerprint(store)
    seen: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(fraction)
        return len(seen) < 5  # stop after four chunks were written

    with pytest.raises(ImportCancelled):
        import_people(store, path, ImportOptions(inspect(path).mapping), progress=progress)
    assert len(seen) == 5 and 0 < seen[-1] < 1
    assert fingerprint(store) == before
    assert PeopleService(store).count() == 2


def test_an_error_late_in_the_file_changes_nothing(
    store: Store, known: dict[str, int], tmp_path: Path
) -> None:
    path = _big_file(tmp_path / "big.csv", 10_000, broken_at=9_000)
    before = fingerprint(store)
    with pytest.raises(ImportFileError, match=r"row 9001: the text is not valid utf-8"):
        import_people(store, path, ImportOptions(inspect(path).mapping))
    assert fingerprint(store) == before


def test_a_big_import_keeps_search_and_triggers(store: Store, tmp_path: Path) -> None:
    path = _big_file(tmp_path / "big.csv", 5_000)
    before = fingerprint(store)["triggers"]
    report = import_people(store, path, ImportOptions(inspect(path).mapping))
    assert report.created == 5_000
    people = PeopleService(store)
    assert people.search("p4321@social") == [
        (people.find_by_email("p4321@example.org")[0], "Person 4321")
    ]
    assert fingerprint(store)["triggers"] == before
    # The triggers are back and working: an edit after the import is indexed.
    person = people.create(PersonDraft("Zebedee Later", emails=("zeb@example.org",)))
    assert people.search("Zebedee") == [(person, "Zebedee Later")]


def test_address_book_style_emails(store: Store, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "in.csv",
        [["Name", "Email"], ["Ada", '"Ada Lovelace" <Ada@Example.org>, Ada L. <ada@work.example>']],
    )
    report = _run(store, path)
    assert (report.created, report.rejects) == (1, [])  # type: ignore[attr-defined]
    [(person_id, _name)] = PeopleService(store).search("Ada")
    assert PeopleService(store).get(person_id).emails == ("ada@example.org", "ada@work.example")
