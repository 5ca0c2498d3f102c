"""``commdesk import people``, in-process through ``main()`` on real files."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk.cli import main
from commdesk.domain.enums import Platform
from commdesk.services.people import PeopleService
from commdesk.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


def _count(db: Path) -> int:
    store = Store.open(db)
    try:
        return PeopleService(store).count()
    finally:
        store.close()


def test_linkedin_file_imports_without_a_mapping(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--db", str(db_path), "import", "people", str(FIXTURES / "linkedin_Connections.csv")]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert "Recognised: LinkedIn connections" in err
    assert "2 people were created" in out
    store = Store.open(db_path)
    try:
        assert PeopleService(store).find_by_identity(Platform.LINKEDIN, "gracehopper")
    finally:
        store.close()


def test_dry_run_writes_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", str(db_path), "import", "people", str(FIXTURES / "meetup_members.csv")]
    assert main([*args, "--dry-run"]) == 0
    assert "3 people would be created" in capsys.readouterr().out
    assert _count(db_path) == 0


def test_mapping_overrides_and_rejects_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "odd.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["Who", "Contact", "Kind"],
                ["Ada", "ada@example.org", "partner"],
                ["Bob", "bob@", "x"],
            ]
        )
    rejects = tmp_path / "rejects.csv"
    code = main(
        [
            "--db",
            str(db_path),
            "import",
            "people",
            str(source),
            "--mapping",
            "Who=name",
            "--mapping",
            "2=email",
            "--mapping",
            "Kind=",
            "--rejects",
            str(rejects),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1  # a row was rejected; the others are imported
    assert "1 people were created" in out
    assert "row 3, column 'Contact': 'bob@' is not an email address" in out
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[1][:3] == ["3", "Contact", "'bob@' is not an email address"]
    assert _count(db_path) == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--mapping", "Nope=name"], "the file has no column 'Nope'"),
        (["--mapping", "Name"], "write it as COLUMN=FIELD"),
        (["--mapping", "Name=shoe_size"], "unknown field 'shoe_size'"),
    ],
)
def test_bad_mappings_exit_non_zero_with_a_clear_message(
    db_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code = main(
        ["--db", str(db_path), "import", "people", str(FIXTURES / "meetup_members.csv"), *extra]
    )
    assert code == 1
    assert message in capsys.readouterr().err
    assert _count(db_path) == 0


def test_a_png_named_csv_is_refused(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "people.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert main(["--db", str(db_path), "import", "people", str(fake)]) == 1
    assert "is a PNG image, not a spreadsheet" in capsys.readouterr().err


def test_unknown_duplicate_policy_is_refused_by_the_parser(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(db_path), "import", "people", "x.csv", "--on-duplicate", "eat"])
    assert exited.value.code == 2
    assert "invalid choice: 'eat'" in capsys.readouterr().err


def test_communities_then_memberships_from_the_command_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    people.write_text("Name,Email\nAda,ada@example.org\n", encoding="utf-8")
    communities = tmp_path / "communities.csv"
    communities.write_text("Community,Purpose\nRustaceans,Rust users\n", encoding="utf-8")
    members = tmp_path / "members.csv"
    members.write_text(
        "Email,Community,Role\nada@example.org,Rustaceans,champion\n", encoding="utf-8"
    )
    db = ["--db", str(db_path), "import"]
    assert main([*db, "people", str(people)]) == 0
    assert main([*db, "communities", str(communities)]) == 0
    assert main([*db, "memberships", str(members)]) == 0
    out = capsys.readouterr().out
    assert "1 communities were created" in out
    assert "1 memberships were created" in out
    store = Store.open(db_path)
    try:
        with store.read() as session:
            role = session.connection().exec_driver_sql("SELECT role FROM memberships").scalar()
    finally:
        store.close()
    assert role == "champion"
