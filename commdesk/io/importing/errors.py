"""The importer's own errors: every failure a file can cause ends in one of these."""

from __future__ import annotations

from commdesk.errors import CommDeskError


class ImportFileError(CommDeskError):
    """The file cannot be imported as a whole (not a spreadsheet, unsafe, unreadable, no
    header, bad mapping...). Nothing was written."""


class ImportCancelled(CommDeskError):
    """The person stopped the import; the store is exactly as it was before."""
