"""Opening a CommDesk database: checks, backup before migration, migrations, sessions."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from commdesk.errors import StoreError
from commdesk.store import backup_set, lock, migrate
from commdesk.store.engine import for_writing, make_engine, sqlite_path, url_for

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# Files up to this size get PRAGMA quick_check before they open (tens of milliseconds).
# quick_check reads every page, ~5 s for a 2 GB database: bigger files open after a light
# check of their schema, and the window runs the full check in the background (verify_pages).
QUICK_CHECK_LIMIT = 16 * 1024 * 1024


class DamagedDatabaseError(StoreError):
    """The file is an SQLite database whose pages fail the integrity check; it was not
    changed. The views offer to restore the newest good backup or to open another file."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class Store:
    """An open CommDesk database: one engine, and short sessions as units of work."""

    def __init__(self, engine: Engine, url: URL, *, locked: bool = False) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = for_writing(engine)
        self._writes = sessionmaker(self._writer, expire_on_commit=False)
        self.locked = locked
        # Things the person should know about this file (a network drive …), for the views.
        self.warnings: list[str] = []
        # Left for later by open() for a big file: the full page check, the daily backup.
        self.unchecked = False
        self.backup_due = False

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def location(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    @classmethod
    def open(
        cls,
        target: str | Path,
        *,
        create: bool = True,
        exclusive: bool = False,
        daily_backup: bool = False,
        progress: Callable[[str], object] | None = None,
    ) -> Store:
        """Open (creating if allowed) and migrate the database at a path or SQLAlchemy URL.

        A file that is not a CommDesk database, a damaged one, or one from a newer schema is
        refused with a :class:`StoreError` and left untouched. Before a pending migration of a
        database that holds data, the file is first copied with the online backup API.

        ``exclusive`` (the desktop app) takes the one-app-per-database lock, refusing with
        :class:`~commdesk.store.lock.DatabaseLockedError` a file another CommDesk has open;
        ``daily_backup`` copies the file into the backup folder when the newest backup of it
        is more than a day old.

        ``progress`` is told, in words, of each step that can take long: the backup before
        a migration and the migration itself (minutes, for millions of activities).
        """
        url = url_for(target)
        path = sqlite_path(url)
        checked = True
        if path is not None:
            checked = _check_file(path, create=create)
        if path is not None and exclusive:
            lock.acquire(path)
        try:
            migrated = _migrate(url, path, progress)
            due = daily_backup and not migrated and path is not None and _holds_data(path)
            backup_due = path is not None and due and backup_set.daily_due(path)
            if path is not None and backup_due and checked:
                copy = backup_set.take(path, "daily")
                log.info("daily backup of %s to %s", path, copy)
                backup_due = False
            store = cls(make_engine(url), url, locked=path is not None and exclusive)
            store.unchecked = not checked
            store.backup_due = backup_due
        except BaseException:
            if path is not None and exclusive:
                lock.release(path)
            raise
        if path is not None:
            warning = lock.network_drive_warning(path)
            if warning:
                log.warning("%s", warning)
                store.warnings.append(warning)
        return store

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back everything on an error.
        It holds the write lock from its start (see :func:`engine.for_writing`)."""
        with self._writes.begin() as session:
            yield session

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A unit of work on a plain connection, as :meth:`session`."""
        with self._writer.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only."""
        with self._sessions() as session:
            yield session

    def verify_pages(self) -> str | None:
        """Run ``PRAGMA quick_check`` over the whole file (seconds for gigabytes: off the GUI
        thread); the first problem found, or None. Clears :attr:`unchecked` when all is well."""
        if self.path is None:
            return None
        connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return f"{self.path} is damaged and cannot be read: {exc}"
        finally:
            connection.close()
        if verdict != [("ok",)]:
            return f"{self.path} is damaged: {verdict[0][0]}"
        self.unchecked = False
        return None

    def take_daily_backup(self) -> Path | None:
        """The daily backup :meth:`open` left for later (a file too big to copy on the way
        in); None if none was due. Safe while the app works: SQLite's online backup API."""
        if not self.backup_due or self.path is None:
            return None
        copy = backup_set.take(self.path, "daily")
        self.backup_due = False
        log.info("daily backup of %s to %s", self.path, copy)
        return copy

    def close(self) -> None:
        self.engine.dispose()
        if self.locked and self.path is not None:
            self.locked = False
            lock.release(self.path)


def _migrate(url: URL, path: Path | None, progress: Callable[[str], object] | None) -> bool:
    """Bring the schema to the head revision; True when a migration ran."""
    with _migration_engine(url) as engine, engine.connect() as connection:
        revision = migrate.current_revision(connection)
        migrate.check_known(revision)
        if revision == migrate.head_revision():
            return False
        name = path.name if path is not None else "the database"
        if revision is not None and path is not None:
            if progress is not None:
                progress(f"Backing up {name} before updating it…")
            copy = backup_before_migration(path, revision)
            log.info("backed up %s to %s before migrating", path, copy)
        if progress is not None and revision is not None:
            progress(f"Updating {name} for this version of CommDesk…")
        migrate.upgrade(connection)
        _check_foreign_keys(connection)
        connection.commit()
        return True


def _holds_data(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


@contextmanager
def _migration_engine(url: URL) -> Iterator[Engine]:
    # Foreign keys stay off while Alembic rebuilds tables in batch mode: with them on, dropping
    # the old copy of a table would cascade deletes into every table that refers to it.
    engine = make_engine(url, foreign_keys=False)
    try:
        yield engine
    finally:
        engine.dispose()


def _check_foreign_keys(connection: Connection) -> None:
    faults = connection.execute(text("PRAGMA foreign_key_check")).all()
    if faults:
        connection.rollback()
        raise StoreError(f"Migration left {len(faults)} broken references; nothing was changed.")


def _check_file(path: Path, *, create: bool) -> bool:
    """Refuse, without touching it, anything that is not a usable CommDesk database file.
    True if every page was checked, False if only the schema (a file too big to read whole
    on the way in: see QUICK_CHECK_LIMIT)."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if not path.exists():
        if not create:
            raise StoreError(f"No database at {path}.")
        folder = path.parent
        if not folder.is_dir():
            raise StoreError(f"Cannot create the database: folder {folder} does not exist.")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"Cannot create the database: folder {folder} is not writable.")
        return True
    size = path.stat().st_size
    if size == 0:
        return True
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a CommDesk database (it is not an SQLite file).")
    thorough = size <= QUICK_CHECK_LIMIT
    _check_contents(path, thorough=thorough)
    return thorough


def _check_contents(path: Path, *, thorough: bool) -> None:
    # A percent-encoded URI, since "#", "?" and "%" are ordinary in folder names. With no
    # journal beside it, every committed page is in the file itself: read it as immutable,
    # which leaves no -wal/-shm files beside a file that may yet be refused.
    live = any(path.with_name(path.name + s).exists() for s in ("-wal", "-journal"))
    options = "mode=ro" if live else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            verdict = connection.execute("PRAGMA quick_check").fetchall() if thorough else [("ok",)]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(
            path, f"{path} is damaged and cannot be read: {exc}. The file was not changed."
        ) from exc
    if verdict != [("ok",)]:
        raise DamagedDatabaseError(
            path, f"{path} is damaged: {verdict[0][0]}. The file was not changed."
        )
    if tables and "alembic_version" not in tables:
        raise StoreError(f"{path} is an SQLite database, but not a CommDesk one.")


def backup_before_migration(path: Path, revision: str) -> Path:
    return backup_set.take(path, f"before-migration-{revision}")
