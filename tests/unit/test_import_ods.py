"""OpenDocument spreadsheets (.ods) import like .xlsx; hostile ones are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.run import ImportOptions, import_file, inspect
from commdesk.services.people import PeopleService
from commdesk.store import Store
from tests.unit.import_helpers import fingerprint

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    f'manifest:media-type="{MIMETYPE}"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}">'
            f"<text:p>{flag.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def write_ods(path: Path, rows: list[list[object]], prologue: str = "") -> Path:
    """A minimal .ods as LibreOffice lays one out: mimetype first and stored, then XML."""
    body = "".join(
        "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<office:document-content {NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="People">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return path


def test_ods_imports_with_a_preamble(store: Store, tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "people.ods",
        [
            ["Members of the reading group"],
            [],
            ["Name", "Email", "Consent", "Phone"],
            ["Ada Lovelace", "ada@example.org", True, 442079460],
            ["Émilie du Châtelet", "emilie@example.fr", False, ""],
        ],
    )
    found = inspect(path)
    assert (found.header_row, found.mapping) == (3, ["name", "email", "consent", "phone"])
    report = import_file(store, path, ImportOptions(found.mapping))
    assert (report.created, report.rejects) == (2, [])
    people = PeopleService(store)
    ada = people.get(people.find_by_email("ada@example.org")[0])
    assert (ada.consent, ada.phone) == (True, "442079460")
    assert people.get(people.find_by_email("emilie@example.fr")[0]).name == "Émilie du Châtelet"


def test_ods_entity_bomb_is_refused(store: Store, tmp_path: Path) -> None:
    bomb = (
        '<!DOCTYPE office:document-content [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    path = write_ods(tmp_path / "bomb.ods", [["Name"], ["&lol2;"]], prologue=bomb)
    # escape() made the reference text; put the real entity reference back in.
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").replace(b"&amp;lol2;", b"&lol2;")
    hostile = write_ods(tmp_path / "hostile.ods", [])
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    before = fingerprint(store)
    # calamine's XML reader expands no entity a document declares: the file is refused.
    with pytest.raises(ImportFileError, match=r"hostile.ods is not a readable .ods .*entity"):
        found = inspect(hostile)
        import_file(store, hostile, ImportOptions(found.mapping))
    assert fingerprint(store) == before


def test_ods_zip_bomb_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "zipbomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b" " * (30 << 20))
    before = fingerprint(store)
    with pytest.raises(ImportFileError, match="zip bomb"):
        inspect(path)
    assert fingerprint(store) == before
