"""``commdesk duplicates ...`` through main(), on a real database file."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from commdesk.cli import main
from commdesk.domain import MergeCandidate, Person
from commdesk.store import Store
from tests.unit.test_duplicates import seed


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture
def seeded(store: Store, db_path: Path) -> dict[str, int]:
    ids = seed(store)
    store.close()
    return ids


def run(db: Path, *argv: str) -> int:
    return main(["--db", str(db), "duplicates", *argv])


def test_list_prints_each_pair(
    seeded: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 3
    first = listed[0]
    assert first["id"] == seeded["candidate"]
    assert first["person"] == {"id": seeded["ann"], "name": "Ann Lee", "emails": "ann@example.org"}
    assert first["other"]["name"] == "Annie Lee" and first["reason"] == "same email"
    assert run(db_path, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "Annie Lee" in lines[0] and "same email" in lines[0]


def test_merge_and_dismiss_change_the_file(
    seeded: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "merge", str(seeded["ann"]), str(seeded["annie"])) == 0
    assert "Merged person" in capsys.readouterr().out
    store = Store.open(db_path)
    try:
        with store.read() as s:
            people = set(s.execute(select(Person.id)).scalars())
            candidates = s.execute(select(MergeCandidate.id)).scalars().all()
    finally:
        store.close()
    assert people == {seeded["ann"], seeded["bob"]}
    assert len(candidates) == 1
    assert run(db_path, "dismiss", str(candidates[0])) == 0
    assert "Dismissed possible duplicate" in capsys.readouterr().out
    assert run(db_path, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_bad_ids_exit_non_zero_with_a_message(
    seeded: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "merge", str(seeded["ann"]), "999") != 0
    assert "No person with id 999" in capsys.readouterr().err
    assert run(db_path, "merge", str(seeded["ann"]), str(seeded["ann"])) != 0
    assert "with themselves" in capsys.readouterr().err
    assert run(db_path, "dismiss", "777") != 0
    assert "No possible duplicate with id 777" in capsys.readouterr().err
