"""Reading a table out of a CSV, .xlsx or .ods file, one row at a time.

CSV: the encoding is found from a byte-order mark (UTF-8, UTF-16) or by trying UTF-8 and
falling back to Windows-1252; the separator is the one of ``, ; TAB |`` its rows agree on.
Both kinds may start with a few lines of notes before the header (LinkedIn's Connections.csv
does): the header is the row among the first ones that names the most known columns.

Rows carry their number as a spreadsheet application shows it (the first line is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import IO, Any

from commdesk.io import safety
from commdesk.io.cells import csv_value_back, unescape_xlsx
from commdesk.io.importing.errors import ImportFileError

# The separators a CSV file may use, in the order ties are settled, with their names.
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
HEADER_SEARCH_ROWS = 20  # a preamble longer than this is not a preamble
MAX_CELL = 1 << 20  # one cell of a contact list is never a megabyte
MAX_COLUMNS = 500
csv.field_size_limit(MAX_CELL)

Row = tuple[int, list[str]]  # (row number, cells)
HeaderScore = Callable[[list[str]], int]


@dataclass
class Table:
    """An open table: its header, the rows after it, and how far reading has got."""

    name: str
    kind: str
    header: list[str]
    header_row: int
    rows: Iterator[Row]
    progress: Callable[[], float]  # 0..1, how much of the file has been read
    details: list[str] = field(default_factory=list)  # encoding, delimiter, sheet...


class _CountingReader(io.RawIOBase):
    """Counts the bytes read, so progress can be told from the position in the file."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def open_table(path: Path, score: HeaderScore, stack: list[Callable[[], None]]) -> Table:
    """Open ``path`` (kind found by content) and find its header with ``score``.

    ``stack`` collects what closes the file; the caller runs it when done.
    """
    kind = safety.detect_kind(path)
    if kind == "xlsx":
        return _open_xlsx(path, score, stack)
    if kind == "ods":
        return _open_ods(path, score)
    return _open_csv(path, score, stack)


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head and safety._utf16_without_bom(head):
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def _delimiter(sample: str) -> str:
    """The separator under which the sample's rows agree best on a width of two or more:
    the largest share of rows of one width first, then the most such rows, then the widest.

    Each candidate is tried with the very reader the import uses (quoting with '"' only), so
    a tab or a ";" inside a quoted cell, or apostrophes around one ("O'Brien", the export's
    formula guard "'="), cannot pass for the separator as they can with ``csv.Sniffer``; and
    lines of a quoted multi-line cell count as rows only under a wrong separator, which makes
    its rows disagree. Ties go to the earlier of ``, ; TAB |``; a file of single cells is
    comma-separated.
    """
    best, best_key = ",", (0.0, 0, 0)
    for candidate in SEPARATORS:
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=candidate))
        except csv.Error:
            continue
        if len(rows) > 1:
            rows.pop()  # the sample may end inside the last row
        widths = Counter(len(cells) for cells in rows if any(c.strip() for c in cells))
        if not widths:
            continue
        width, agreeing = max(widths.items(), key=lambda item: (item[1], item[0]))
        share = agreeing / sum(widths.values())
        key = (share, agreeing, width) if width > 1 else (0.0, 0, 0)
        if key > best_key:
            best, best_key = candidate, key
    return best


def _open_csv(path: Path, score: HeaderScore, stack: list[Callable[[], None]]) -> Table:
    size = max(path.stat().st_size, 1)
    raw = path.open("rb")
    stack.append(raw.close)
    head = raw.read(safety.SNIFF_BYTES)
    raw.seek(0)
    encoding = _encoding(head)
    # cp1252 leaves five bytes undefined; such a file is Latin-1 (ISO-8859-1) at heart.
    errors = "strict" if encoding != "cp1252" else "replace"
    counter = _CountingReader(raw)
    buffered = io.BufferedReader(counter)
    text: Iterator[str] | IO[str]
    if encoding.startswith("utf-16"):
        text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    else:
        # Line by line, so a byte that is not valid text is reported on its own row.
        text = _decoded_lines(buffered, encoding, errors)
    sample = head.decode(encoding, errors="ignore")
    delimiter = _delimiter(sample)
    reader = csv.reader(text, delimiter=delimiter)
    rows = _numbered_csv(path.name, reader)
    first = _take(rows, HEADER_SEARCH_ROWS)
    header_row, header = _pick_header(path.name, first, score)
    rest = chain((r for r in first if r[0] > header_row), rows)
    return Table(
        name=path.name,
        kind="csv",
        header=header,
        header_row=header_row,
        rows=rest,
        progress=lambda: min(counter.count / size, 1.0),
        details=[f"encoding {encoding.removesuffix('-sig')}", f"{SEPARATORS[delimiter]}-separated"],
    )


def _decoded_lines(raw: IO[bytes], encoding: str, errors: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    for line in raw:
        yield decoder.decode(line)
    yield decoder.decode(b"", final=True)


def _numbered_csv(name: str, reader: Any) -> Iterator[Row]:
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(f"{name}, row {number}: not valid CSV ({exc}).") from None
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"{name}, row {number}: the text is not valid {exc.encoding} ({exc.reason})."
            ) from None
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                f"{name}, row {number}: {len(cells):,} columns (at most {MAX_COLUMNS} accepted)."
            )
        # Undo the export's formula guard (OWASP's apostrophe), so an export imports back equal.
        yield number, [csv_value_back(c) if c[:1] == "'" else c for c in cells]


def _take(rows: Iterator[Row], count: int) -> list[Row]:
    taken: list[Row] = []
    for row in rows:
        taken.append(row)
        if len(taken) >= count:
            break
    return taken


def _pick_header(name: str, first: list[Row], score: HeaderScore) -> tuple[int, list[str]]:
    """The row naming the most known columns; failing that the first row with two or more
    filled cells (a file of unknown columns still has a header)."""
    candidates = [(n, [c.strip() for c in cells]) for n, cells in first]
    best: tuple[int, int, list[str]] | None = None
    for number, cells in candidates:
        points = score(cells)
        if points and (best is None or points > best[0]):
            best = (points, number, cells)
    if best is not None:
        return best[1], best[2]
    for number, cells in candidates:
        if sum(1 for c in cells if c) >= 2:
            return number, cells
    for number, cells in candidates:
        if any(cells):
            return number, cells
    raise ImportFileError(f"{name} has no header row: the file holds no data.")


def _open_xlsx(path: Path, score: HeaderScore, stack: list[Callable[[], None]]) -> Table:
    manager = safety.open_workbook(path)
    book = manager.__enter__()

    def close() -> None:
        manager.__exit__(None, None, None)

    stack.append(close)
    with safety.workbook_errors(path):
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError(f"{path.name} has no worksheet.")
        total = sheet.max_row or 0
    state = {"row": 0}

    def numbered() -> Iterator[Row]:
        with safety.workbook_errors(path):
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                state["row"] = number
                if len(values) > MAX_COLUMNS:
                    raise ImportFileError(
                        f"{path.name}, row {number}: {len(values):,} columns "
                        f"(at most {MAX_COLUMNS} accepted)."
                    )
                yield number, [_cell_text(v) for v in values]

    rows = numbered()
    first = _take(rows, HEADER_SEARCH_ROWS)
    header_row, header = _pick_header(path.name, first, score)
    return Table(
        name=path.name,
        kind="xlsx",
        header=header,
        header_row=header_row,
        rows=chain((r for r in first if r[0] > header_row), rows),
        progress=lambda: min(state["row"] / total, 1.0) if total else 0.0,
        details=[f"sheet {sheet.title!r}"],
    )


def _open_ods(path: Path, score: HeaderScore) -> Table:
    """An OpenDocument sheet, read by calamine (Rust; its XML reader expands no entities)
    after :func:`safety.check_zip` has vetted the zip."""
    from python_calamine import CalamineWorkbook

    with safety.workbook_errors(path):
        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise ImportFileError(f"{path.name} has no sheet.")
        sheet = book.get_sheet_by_index(0)
        total = max(sheet.height, 1)
        values = sheet.iter_rows()
    state = {"row": 0}

    def numbered() -> Iterator[Row]:
        with safety.workbook_errors(path):
            for number, cells in enumerate(values, start=1):
                state["row"] = number
                if len(cells) > MAX_COLUMNS:
                    raise ImportFileError(
                        f"{path.name}, row {number}: {len(cells):,} columns "
                        f"(at most {MAX_COLUMNS} accepted)."
                    )
                yield number, [_cell_text(v) for v in cells]

    rows = numbered()
    first = _take(rows, HEADER_SEARCH_ROWS)
    header_row, header = _pick_header(path.name, first, score)
    return Table(
        name=path.name,
        kind="ods",
        header=header,
        header_row=header_row,
        rows=chain((r for r in first if r[0] > header_row), rows),
        progress=lambda: min(state["row"] / total, 1.0),
        details=[f"sheet {sheet.name!r}"],
    )


def _cell_text(value: object) -> str:
    """A cell as the text a person would type for it (dates as ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape_xlsx(str(value))
