"""What every spreadsheet writer does to a text before it becomes a cell.

Formula injection: a spreadsheet application turns a cell typed as ``=HYPERLINK(...)`` into a
live formula. Text that starts with ``=``, ``+``, ``-``, ``@``, TAB, CR, NUL (or ``{=``, an
array formula) is dangerous:

- in .xlsx it is always written as a *string* cell with Excel's "quote prefix" style, so the
  text is kept exactly and stays text even when someone edits the cell;
- in .csv, which has no cell types, it gets a leading apostrophe, as OWASP recommends
  (``=1+2`` is written ``'=1+2``). That apostrophe is the one documented change an export
  makes to a value; :func:`csv_value_back` takes it off again.

Control characters: XML 1.0 cannot hold most of them. The .xlsx writer escapes them as
``_xHHHH_`` (the Office convention, which Excel and LibreOffice read back);
:func:`unescape_xlsx` undoes that for readers, such as openpyxl, that leave it in.
CSV can hold any character but NUL, which is dropped.
"""

from __future__ import annotations

import re

# Text starting with one of these is read as a formula (or the start of one) by spreadsheets.
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\x00", "{=")
CSV_GUARD = "'"

_OFFICE_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def is_dangerous(text: str) -> bool:
    """Would a spreadsheet application take this text for a formula?"""
    return text.startswith(DANGEROUS_PREFIXES)


def csv_value(text: str) -> str:
    """A text made safe for a CSV cell: NULs dropped, and a leading apostrophe when a
    spreadsheet would otherwise read it as a formula."""
    guarded = CSV_GUARD + text if is_dangerous(text) else text
    return guarded.replace("\x00", "")


def csv_value_back(text: str) -> str:
    """The text :func:`csv_value` was given (apart from NULs, which are gone)."""
    if text.startswith(CSV_GUARD) and is_dangerous(text[1:]):
        return text[1:]
    return text


def unescape_xlsx(text: str) -> str:
    """Undo the ``_xHHHH_`` escapes of an .xlsx string (``_x005F_`` stands for ``_``)."""
    if "_x" not in text:
        return text
    return _OFFICE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
