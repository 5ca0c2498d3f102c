"""The rejected rows of an import, saved as a CSV a person can fix and import again."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from commdesk.io.cells import csv_value
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.people_rows import Reject


def save_rejects(path: Path, rejects: Sequence[Reject], header: Sequence[str] = ()) -> None:
    """Write one line per problem: row, column, reason, then the row's own cells under the
    file's header. Cells are neutralised against formula injection like every export."""
    try:
        with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "column", "reason", *header])
            for reject in rejects:
                writer.writerow(
                    csv_value(str(v))
                    for v in (reject.row, reject.column, reject.reason, *reject.cells)
                )
    except OSError as exc:
        raise ImportFileError(
            f"Cannot write the rejects to {path}: {exc.strerror or exc}."
        ) from None
