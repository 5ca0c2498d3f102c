"""Online backups with SQLite's backup API: safe while other connections write."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from commdesk.errors import StoreError


def backup_file(source: Path, destination: Path) -> Path:
    """Copy the database ``source`` to ``destination`` page by page, consistently."""
    destination = destination.expanduser()
    if destination.exists() and destination.is_dir():
        destination = destination / f"{source.stem}-{timestamp()}.sqlite"
    if not destination.parent.is_dir():
        raise StoreError(f"Cannot write the backup: folder {destination.parent} does not exist.")
    if destination.resolve() == source.resolve():
        raise StoreError("A backup cannot overwrite the database it copies.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(destination)  # a backup is either whole or absent
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"Backup to {destination} failed: {exc}") from exc
    return destination


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
