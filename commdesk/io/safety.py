"""Opening spreadsheets from strangers safely.

A file is recognised by its content, never by its name: a "report.xlsx" that is really a PNG
or a text file is refused with a message that says what it is. A workbook's zip is checked
before any XML in it is read (member count, total uncompressed size, compression ratio: a zip
bomb is refused without inflating it), its XML is parsed by openpyxl through defusedxml
(entity bombs and external entities are refused), and sheets are read in read-only mode, one
row at a time, so memory stays bounded whatever the size of the sheet. OpenDocument (.ods)
sheets pass the same zip checks and are read by calamine, whose XML reader expands no entity.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from commdesk.io.importing.errors import ImportFileError

Kind = Literal["csv", "xlsx", "ods"]

MAX_MEMBERS = 2_000  # a workbook of 200 sheets with their parts has a few hundred
MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML: far more than any real contact list
MAX_RATIO = 200  # real sheets compress 5-30x; zip bombs 1000x and more
RATIO_FREE_SIZE = 1 << 20  # members below 1 MiB may compress as well as they like
SNIFF_BYTES = 64 * 1024

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel (.xls) or Office file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect_kind(path: Path) -> Kind:
    """What ``path`` holds, judged by its bytes: "csv" (text), "xlsx" or "ods".

    Raises :class:`ImportFileError` for anything else, naming what it looks like.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not head:
        raise ImportFileError(f"{path.name} is empty.")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            hint = " Save it as .xlsx or .csv first." if "Excel" in what else ""
            raise ImportFileError(f"{path.name} is {what}, not a spreadsheet.{hint}")
    if head.startswith(_TEXT_BOMS) or _looks_like_text(head):
        if path.suffix.lower() in _WORKBOOK_SUFFIXES:
            raise ImportFileError(
                f"{path.name} is named like a workbook but holds plain text; if it is a CSV "
                "file, rename it to .csv."
            )
        return "csv"
    raise ImportFileError(
        f"{path.name} is not a spreadsheet: it is neither a text (CSV) file nor an .xlsx workbook."
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        return _utf16_without_bom(head)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls <= len(head) // 100


def _utf16_without_bom(head: bytes) -> bool:
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    return max(even, odd) >= half * 0.9 and min(even, odd) <= half * 0.1


def _zip_kind(path: Path) -> Kind:
    names = check_zip(path)
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return "ods"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise ImportFileError(f"{path.name} is a Word document, not a spreadsheet.")
    raise ImportFileError(f"{path.name} is a zip archive, not an .xlsx workbook.")


def check_zip(path: Path) -> set[str]:
    """Refuse a zip that is too big or too many files once unpacked, before unpacking it.

    The sizes come from the zip's directory; Python's zip reader never inflates a member past
    its declared size, so a directory that lies cannot get round these limits.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"{path.name} is a damaged zip or .xlsx file ({exc}).") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(
            f"{path.name} holds {len(members):,} files; a workbook has far fewer "
            f"(at most {MAX_MEMBERS:,} accepted). It was not opened."
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError(
            f"{path.name} would unpack to {total / (1 << 20):,.0f} MiB, over the "
            f"{MAX_UNCOMPRESSED >> 20:,} MiB limit. It was not opened."
        )
    for member in members:
        if member.file_size <= RATIO_FREE_SIZE:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise ImportFileError(
                f"{path.name} looks like a zip bomb: {member.filename} compresses "
                f"{ratio:,.0f} to 1 (at most {MAX_RATIO} to 1 accepted). It was not opened."
            )
    return {m.filename for m in members}


@contextmanager
def open_workbook(path: Path) -> Iterator[Any]:
    """An openpyxl workbook in read-only mode, after :func:`check_zip`; closed afterwards.

    Reading its rows may still meet hostile XML: wrap iteration in :func:`workbook_errors`.
    """
    import openpyxl  # heavy; only needed for workbooks

    check_zip(path)
    with workbook_errors(path):
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        yield book
    finally:
        book.close()


@contextmanager
def workbook_errors(path: Path) -> Iterator[None]:
    """Turn whatever a hostile or damaged workbook makes openpyxl raise into a clear refusal."""
    from defusedxml import DefusedXmlException

    try:
        yield
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl's own exceptions have no common base
        if _caused_by(exc, DefusedXmlException):
            raise ImportFileError(
                f"{path.name} was refused: its XML declares entities or a DTD, which "
                "spreadsheets never need and attacks (entity bombs) do."
            ) from None
        reason = str(exc).split("\n", 1)[0] or type(exc).__name__
        what = ".ods spreadsheet" if path.suffix.lower() == ".ods" else ".xlsx workbook"
        raise ImportFileError(f"{path.name} is not a readable {what} ({reason}).") from None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``exc`` or anything it was raised from or during is a ``kind``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
