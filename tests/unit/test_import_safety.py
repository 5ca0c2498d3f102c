"""Hostile and mislabelled workbooks are refused before anything is read or written; real
workbooks import with their typed cells."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from commdesk.io import safety
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.run import ImportOptions, _opened, import_people, inspect
from commdesk.io.importing.targets import target
from commdesk.services.people import PeopleService
from commdesk.store import Store
from tests.unit.import_helpers import fingerprint

BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _workbook(path: Path) -> Path:
    """Written by XlsxWriter, as the app's exports are: shared strings, typed cells."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("People")
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Name", "Email", "Consent", "Consent date", "Phone"])
    sheet.write_row(1, 0, ["Ada Lovelace", "ada@example.org", True])
    sheet.write_datetime(1, 3, datetime(2024, 3, 31), dated)
    sheet.write_number(1, 4, 4420794600)
    sheet.write_row(2, 0, ["Grace Hopper", "grace@example.org", False])
    book.close()
    return path


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return target


def _refused(store: Store, path: Path, match: str) -> None:
    before = fingerprint(store)
    with pytest.raises(ImportFileError, match=match):
        found = inspect(path)
        import_people(store, path, ImportOptions(found.mapping))
    assert fingerprint(store) == before


def test_a_real_workbook_imports_with_typed_cells(store: Store, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "people.xlsx")
    found = inspect(path)
    assert found.mapping == ["name", "email", "consent", "consent_on", "phone"]
    report = import_people(store, path, ImportOptions(found.mapping))
    assert (report.created, report.rejects) == (2, [])
    people = PeopleService(store)
    ada = people.get(people.find_by_email("ada@example.org")[0])
    assert (ada.consent, ada.consent_on, ada.phone) == (True, date(2024, 3, 31), "4420794600")
    assert people.get(people.find_by_email("grace@example.org")[0]).consent is False


def test_openpyxl_parses_through_defusedxml() -> None:
    from defusedxml.ElementTree import iterparse as defused_iterparse
    from openpyxl.xml import functions

    assert functions.iterparse is defused_iterparse


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_entity_bomb_refused(store: Store, tmp_path: Path, part: str) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        original = archive.read(part).decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    hostile = (BOMB + body.replace("Ada Lovelace", "&lol3;")).encode()
    path = _rewrite(good, tmp_path / "bomb.xlsx", {part: hostile})
    _refused(store, path, "entities or a DTD")


def test_zip_bomb_refused_before_inflating(store: Store, tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    path = _rewrite(
        good, tmp_path / "zipbomb.xlsx", {"xl/worksheets/sheet1.xml": b" " * (40 << 20)}
    )
    assert path.stat().st_size < 1 << 20
    _refused(store, path, "zip bomb")


def test_zip_with_too_many_members_refused(store: Store, tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    path = _rewrite(good, tmp_path / "many.xlsx", {})
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(safety.MAX_MEMBERS + 1):
            archive.writestr(f"xl/media/pad{i}.bin", b"x")
    _refused(store, path, r"holds 2,0\d\d files")


def test_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "good.xlsx")
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ImportFileError, match="would unpack to"):
        safety.check_zip(path)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "is a PNG image, not a spreadsheet"),
        (b"Name,Email\nAda,ada@example.org\n", "named like a workbook but holds plain text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-style Excel"),
        (bytes(range(256)) * 8, "is not a spreadsheet"),
        (b"", "is empty"),
    ],
)
def test_files_that_are_not_workbooks_refused(
    store: Store, tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(content)
    _refused(store, path, match)


def test_zip_that_is_not_a_workbook_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"  # a name proves nothing either way
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(store, path, "zip archive, not an .xlsx workbook")


def test_damaged_workbook_refused(store: Store, tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    path = _rewrite(good, tmp_path / "damaged.xlsx", {"xl/workbook.xml": b"<workbook"})
    _refused(store, path, "not a readable .xlsx workbook")


def _big_workbook(path: Path, rows: int) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Name", "Email", "Notes"])
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, [f"Person {i}", f"p{i}@example.org", f"{i} " + "x" * 300])
    book.close()
    return path


def _reading_peak(path: Path) -> int:
    """The lowest of three peaks: tracemalloc counts every thread's allocations, and a
    thread left over by an earlier test can allocate during one reading."""
    import gc
    import tracemalloc

    peaks = []
    for _ in range(3):
        gc.collect()
        tracemalloc.start()
        try:
            with _opened(path, target("people")) as table:
                rows = sum(1 for _row in table.rows)
            peaks.append(tracemalloc.get_traced_memory()[1] if rows else 0)
        finally:
            tracemalloc.stop()
    return min(peaks)


def test_a_workbook_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    small = _reading_peak(_big_workbook(tmp_path / "small.xlsx", 2_000))
    big = _reading_peak(_big_workbook(tmp_path / "big.xlsx", 8_000))
    # Four times the rows (2.6 MB more text) cost next to no more memory: rows are streamed.
    assert big < small * 1.25 + (256 << 10), (small, big)
