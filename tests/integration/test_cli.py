"""The command line, in-process through ``main()`` and as the installed console script.

Every database is a real SQLite file under tmp_path. The one seam injected is the function
that opens the desktop window (the GUI has its own tests).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk import __version__, paths
from commdesk.cli import main, names_a_command
from commdesk.services.organisations import OrganisationService
from commdesk.services.overview import OverviewService
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, OrganisationDraft, PersonDraft
from commdesk.store import Store, migrate

CONSOLE_SCRIPT = Path(sys.executable).with_name("commdesk")


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    """main() attaches a log file in this test's folder; detach it so the next test gets its own."""
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


class WindowRecorder:
    """Stands in for the desktop window: records what it was asked to open."""

    def __init__(self, exit_code: int = 0) -> None:
        self.exit_code = exit_code
        self.calls: list[tuple[Path, bool]] = []
        self.people_seen: list[int] = []

    def __call__(self, path: Path, is_demo: bool) -> int:
        self.calls.append((path, is_demo))
        if not path.exists():  # the window creates a new database itself
            return self.exit_code
        store = Store.open(path, create=False)
        try:
            self.people_seen.append(OverviewService(store).section_counts().people)
        finally:
            store.close()
        return self.exit_code


def populate(path: Path) -> dict[str, int]:
    """A small database with a few people and an organisation; returns its table counts."""
    store = Store.open(path)
    try:
        org = OrganisationService(store).create(OrganisationDraft(name="Acme"))
        people = PeopleService(store)
        people.create(
            PersonDraft(
                name="Ann Lee",
                emails=("ann@acme.example",),
                organisation_id=org,
                roles=("employee", "shareholder"),
                identities=(IdentityDraft("github", "annlee"),),
            )
        )
        people.create(PersonDraft(name='Zoë "Z" Ørsted'))
        people.create(PersonDraft(name="Bob"))
        return OverviewService(store).table_counts()
    finally:
        store.close()


def run(*args: str, module: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (or ``python -m commdesk``) in a child process."""
    command = [sys.executable, "-m", "commdesk"] if module else [str(CONSOLE_SCRIPT)]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, check=False
    )


def siblings(path: Path) -> set[str]:
    """The file and any companions SQLite may make for it (-wal, -shm, -journal)."""
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}


def break_foreign_key(path: Path) -> None:
    """Store a role for a person who does not exist, as a careless tool might."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("INSERT INTO person_roles (person_id, role) VALUES (999, 'customer')")
        connection.commit()
    finally:
        connection.close()


# --- version and help ---------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"CommDesk {__version__}"


def test_console_script_version() -> None:
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"CommDesk {__version__}"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["--db", "x.sqlite"], False),
        (["--db=x.sqlite", "--demo"], False),
        (["--db", "import"], False),  # a file named like a command is still a file
        ([], False),
        (["--db", "x.sqlite", "info"], True),
        (["import", "people", "f.csv"], True),
        (["--help"], True),
        (["--de"], True),  # an abbreviation: the whole parser decides
    ],
)
def test_opening_the_window_skips_the_commands_parsers(argv: list[str], wanted: bool) -> None:
    assert names_a_command(argv) is wanted


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "import" in out and "export" in out and "accounts" in out


# --- info ---------------------------------------------------------------------------------


def test_info_text(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = populate(db_path)
    assert main(["--db", str(db_path), "info"]) == 0
    out = capsys.readouterr().out
    assert f"Database:  {db_path.resolve()}" in out
    assert f"Schema:    {migrate.head_revision()} " in out
    assert __version__ in out
    for table, count in counts.items():
        assert re.search(rf"^\s+{table}\s+{count:,}$", out, re.MULTILINE), table
    assert re.search(r"^\s+people\s+3$", out, re.MULTILINE)


def test_info_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = populate(db_path)
    assert main(["--db", str(db_path), "info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["database"] == str(db_path.resolve())
    assert facts["schema"] == migrate.head_revision()
    assert facts["schema_head"] == migrate.head_revision()
    assert facts["version"] == __version__
    assert facts["size_bytes"] > 0
    assert facts["counts"] == counts
    assert facts["counts"]["people"] == 3
    assert facts["counts"]["person_roles"] == 2
    assert facts["counts"]["organisations"] == 1


def test_info_creates_a_new_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert db_path.exists()
    assert facts["schema"] == migrate.head_revision()
    assert set(facts["counts"].values()) == {0}


# --- list ---------------------------------------------------------------------------------


def test_list_people_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(db_path)
    assert main(["--db", str(db_path), "list", "people", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == ["Ann Lee", 'Zoë "Z" Ørsted', "Bob"]
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids)
    assert all(set(row) == {"id", "name"} for row in rows)

    assert main(["--db", str(db_path), "list", "people", "--json", "--limit", "2"]) == 0
    assert json.loads(capsys.readouterr().out) == rows[:2]

    assert main(["--db", str(db_path), "list", "plans", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_list_text(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(db_path)
    assert main(["--db", str(db_path), "list", "organisations"]) == 0
    assert capsys.readouterr().out == "1\tAcme\n"


# --- check --------------------------------------------------------------------------------


def test_check_ok(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(db_path)
    assert main(["--db", str(db_path), "check"]) == 0
    assert capsys.readouterr().out.strip() == f"{db_path.resolve()}: ok"


def test_check_reports_a_broken_foreign_key(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(db_path)
    break_foreign_key(db_path)
    assert main(["--db", str(db_path), "check"]) == 1
    captured = capsys.readouterr()
    problems = captured.out.strip().splitlines()
    assert len(problems) == 1
    assert re.fullmatch(
        r"foreign key: person_roles row \d+ refers to a missing people", problems[0]
    )
    assert "1 problem(s)" in captured.err


def test_check_exit_code_from_python_m(db_path: Path) -> None:
    populate(db_path)
    break_foreign_key(db_path)
    result = run("--db", str(db_path), "check", module=True)
    assert result.returncode == 1, result.stderr
    assert "person_roles" in result.stdout


def test_check_does_not_create_a_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "check"]) == 2
    assert not db_path.exists()
    assert str(db_path.resolve()) in capsys.readouterr().err


# --- backup -------------------------------------------------------------------------------


def test_backup_makes_a_copy_with_the_same_counts(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = populate(db_path)
    copy = tmp_path / "copy.sqlite"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    assert str(copy) in capsys.readouterr().out
    assert not copy.with_name("copy.sqlite.partial").exists()
    store = Store.open(copy, create=False)
    try:
        assert OverviewService(store).table_counts() == counts
        assert OverviewService(store).check() == []
        assert PeopleService(store).find_by_identity("github", "annlee") is not None
    finally:
        store.close()


def test_backup_into_a_folder(db_path: Path, tmp_path: Path) -> None:
    populate(db_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["--db", str(db_path), "backup", str(folder)]) == 0
    (written,) = folder.iterdir()
    assert written.name.startswith(db_path.stem) and written.suffix == ".sqlite"


def test_backup_refusals(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    populate(db_path)
    missing = tmp_path / "nowhere" / "copy.sqlite"
    assert main(["--db", str(db_path), "backup", str(missing)]) == 2
    assert str(missing.parent) in capsys.readouterr().err
    assert not missing.parent.exists()

    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "backup", str(db_path)]) == 2
    assert "cannot overwrite" in capsys.readouterr().err
    assert db_path.read_bytes() == before


# --- choosing the database ----------------------------------------------------------------


def test_db_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "no" / "such"
    assert main(["--db", str(folder / "x.sqlite"), "info"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("commdesk: ")
    assert str(folder) in lines[0]
    assert not folder.exists()


def test_db_on_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert main(["--db", str(folder), "info"]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_console_script_refuses_a_text_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"Not a database\nsecond line\n")
    before = siblings(notes)
    result = run("--db", str(notes), "info")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert str(notes) in result.stderr
    assert notes.read_bytes() == b"Not a database\nsecond line\n"
    assert siblings(notes) == before


@pytest.mark.parametrize("command", [["info"], ["list", "people"], ["check"], ["backup", "b"]])
def test_a_text_file_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    assert main(["--db", str(notes), *command]) == 2
    assert "not a CommDesk database" in capsys.readouterr().err
    assert notes.read_text() == "shopping list\n"


def _damage_schema_page(data: bytes) -> bytes:
    page_size = int.from_bytes(data[16:18], "big")
    return data[:100] + b"\xff" * (page_size - 100) + data[page_size:]


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.fixture(params=[_damage_schema_page, _truncate], ids=["schema-page", "truncated"])
def damaged_db(request: pytest.FixtureRequest, db_path: Path) -> Path:
    populate(db_path)
    db_path.write_bytes(request.param(db_path.read_bytes()))
    return db_path


@pytest.mark.parametrize("command", [["info"], ["check"], ["list", "people"]])
def test_a_damaged_database_is_refused_unchanged(
    damaged_db: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    before = damaged_db.read_bytes()
    assert main(["--db", str(damaged_db), *command]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "damaged" in err
    assert damaged_db.read_bytes() == before


def test_a_refused_database_gets_no_files_beside_it(damaged_db: Path) -> None:
    # No -wal or -shm left behind either (the same promise Store.open makes in test_store_open).
    before = siblings(damaged_db)
    assert main(["--db", str(damaged_db), "info"]) == 2
    assert siblings(damaged_db) == before


def test_an_sqlite_file_of_another_app_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    assert main(["--db", str(other), "info"]) == 2
    assert "not a CommDesk one" in capsys.readouterr().err
    assert other.read_bytes() == before


def test_a_database_from_a_newer_commdesk_is_refused_unchanged(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "info"]) == 2
    assert "newer CommDesk" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_commdesk_db_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = tmp_path / "chosen.sqlite"
    populate(chosen)
    monkeypatch.setenv("COMMDESK_DB", str(chosen))
    assert main(["info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["database"] == str(chosen.resolve())
    assert facts["counts"]["people"] == 3

    # --db wins over the environment.
    other = tmp_path / "other.sqlite"
    assert main(["--db", str(other), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["database"] == str(other.resolve())


def test_commdesk_db_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "chosen.sqlite"
    populate(chosen)
    monkeypatch.setenv("COMMDESK_DB", str(chosen))
    result = run("list", "people", "--json")
    assert result.returncode == 0, result.stderr
    assert [row["name"] for row in json.loads(result.stdout)] == [
        "Ann Lee",
        'Zoë "Z" Ørsted',
        "Bob",
    ]


def test_default_database_lives_in_the_data_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["database"] == str((data_dir / "commdesk.sqlite").resolve())
    assert (data_dir / "commdesk.sqlite").is_file()


# --- the window -----------------------------------------------------------------------------


def test_no_command_opens_the_window_on_the_database(db_path: Path) -> None:
    window = WindowRecorder(exit_code=3)
    populate(db_path)
    assert main(["--db", str(db_path)], open_window=window) == 3
    assert window.calls == [(db_path, False)]


def test_no_command_and_no_db_opens_the_default_database(data_dir: Path) -> None:
    window = WindowRecorder()
    assert main([], open_window=window) == 0
    assert window.calls == [(data_dir / "commdesk.sqlite", False)]
    assert window.people_seen == []


def test_demo_flag_opens_an_existing_demo_without_rebuilding_it() -> None:
    demo = paths.demo_database()
    populate(demo)
    window = WindowRecorder()
    assert main(["--demo"], open_window=window) == 0
    assert window.calls == [(demo, True)]
    assert window.people_seen == [3]


# --- the demo ---------------------------------------------------------------------------------


def test_demo_refuses_a_database_that_holds_data(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = populate(db_path)
    assert main(["--db", str(db_path), "demo"]) == 1
    assert "only be built into an empty database" in capsys.readouterr().err
    store = Store.open(db_path, create=False)
    try:
        assert OverviewService(store).table_counts() == counts
    finally:
        store.close()


def test_demo_replace_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n")
    assert main(["--db", str(notes), "demo", "--replace"]) == 2
    assert "not a CommDesk database" in capsys.readouterr().err
    assert notes.read_text() == "keep me\n"


def test_demo_tiny_builds_into_db_and_info_shows_people(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo", "--size", "tiny"]) == 0
    out = capsys.readouterr().out
    assert f"Demo database ready at {db_path}" in out
    assert re.search(r"^\s+people: 300$", out, re.MULTILINE)
    assert main(["--db", str(db_path), "info", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["people"] == 300
    assert main(["--db", str(db_path), "check"]) == 0


# Building the small demo (5k people, 200k activities) takes seconds.


@pytest.mark.slow
def test_demo_flag_builds_the_demo_then_opens_the_window(
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo = paths.demo_database()
    window = WindowRecorder()
    assert main(["--demo"], open_window=window) == 0
    assert window.calls == [(demo, True)]
    assert window.people_seen[0] > 1000  # built before the window opened
    assert "Building the demo database" in capsys.readouterr().err

    assert main(["--db", str(demo), "info", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["people"] >= window.people_seen[0]  # the window counts only active people
    assert counts["activities"] > counts["people"]

    # The second time the demo is simply opened.
    assert main(["--demo"], open_window=window) == 0
    assert window.people_seen[1] == window.people_seen[0]
    assert "Building" not in capsys.readouterr().err


@pytest.mark.slow
def test_demo_builds_into_db_and_info_shows_people(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    assert f"Demo database ready at {db_path}" in capsys.readouterr().out
    assert main(["--db", str(db_path), "info", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["people"] > 1000
    assert counts["activities"] > counts["people"]
    assert main(["--db", str(db_path), "check"]) == 0
