"""``commdesk --self-test``: prove that this installation works, from source or frozen.

Each check gets a private temporary folder, does a real piece of work and returns one line
of detail, or raises. The core's checks are here (every module imports, a database is
migrated from the first schema to the newest, the demo data is built, an export is written,
a secret makes a round trip through the keyring in use); the desktop adds its own (Qt
plugins, pyqtgraph, the main window visiting every section) through the ``selftest`` entry
of the ``commdesk.frontends`` group, so the core never imports Qt.

The report is one line per check and a summary; the exit code is 0 only if all passed.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

# A check: (title, function of a scratch folder returning a line of detail).
Check = tuple[str, Callable[[Path], str]]

MANIFEST = "commdesk_modules.txt"  # written by build_installer.spec into the bundle


def commdesk_modules() -> list[str]:
    """Every CommDesk module: the spec's manifest when frozen, else found from the files.
    The migrations are left out (Alembic runs them from files) and so is ``__main__``."""
    if getattr(sys, "frozen", False):
        manifest = Path(getattr(sys, "_MEIPASS", "."), MANIFEST)
        return manifest.read_text(encoding="utf-8").split()
    import commdesk

    root = Path(commdesk.__file__).parent.parent
    names = []
    for path in sorted((root / "commdesk").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "__pycache__" in parts or parts[:3] == ("commdesk", "store", "migrations"):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "commdesk.__main__":
            names.append(name)
    return names


def check_modules(_scratch: Path) -> str:
    names = commdesk_modules()
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report them all, not only the first
            failed.append(f"{name} ({type(exc).__name__}: {exc})")
    if failed:
        raise AssertionError("cannot import " + "; ".join(failed))
    if len(names) < 10:
        raise AssertionError(f"only {len(names)} modules found: {names}")
    return f"all {len(names)} modules import"


def check_migration(scratch: Path) -> str:
    """A database at the first schema, with a row in it, is opened: it is backed up,
    migrated to the newest schema, and the row is still there."""
    from sqlalchemy import text

    from commdesk.store import Store, migrate
    from commdesk.store.engine import make_engine, url_for

    path = scratch / "old.sqlite"
    engine = make_engine(url_for(path), foreign_keys=False)
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, "0001")
            first = migrate.current_revision(connection)
            connection.execute(
                text(
                    "INSERT INTO people (name, consent, archived, created_at, updated_at)"
                    " VALUES (:n, 0, 0, 0, 0)"
                ),
                {"n": "Ada Self-Test"},
            )
    finally:
        engine.dispose()
    store = Store.open(path)
    try:
        with store.read() as session:
            revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            kept = session.execute(
                text("SELECT count(*) FROM people WHERE name = :n"), {"n": "Ada Self-Test"}
            ).scalar()
    finally:
        store.close()
    if revision != migrate.head_revision():
        raise AssertionError(f"migrated to {revision}, expected {migrate.head_revision()}")
    if kept != 1:
        raise AssertionError("the row written before the migration is gone")
    return f"{first} -> {revision}, data kept"


def demo_database(scratch: Path) -> Path:
    """The tiny demo database in ``scratch``, built once and shared by the checks."""
    path = scratch.parent / "demo.sqlite"
    if not path.exists():
        from commdesk.demo import build_demo
        from commdesk.store import Store

        store = Store.open(path)
        try:
            build_demo(store, "tiny")
        finally:
            store.close()
    return path


def check_demo(scratch: Path) -> str:
    from commdesk.services.overview import OverviewService
    from commdesk.store import Store

    store = Store.open(demo_database(scratch))
    try:
        counts = OverviewService(store).section_counts()
        problems = OverviewService(store).check()
    finally:
        store.close()
    if counts.people == 0 or counts.plans == 0:
        raise AssertionError(f"the demo holds no people or plans: {counts}")
    if problems:
        raise AssertionError("; ".join(problems))
    return f"{counts.people} people, {counts.communities} communities, {counts.plans} plans"


def check_export(scratch: Path) -> str:
    """A demo plan exported to .xlsx (XlsxWriter) and read back (openpyxl, defusedxml):
    the spreadsheet libraries, loaded on first use, are in this installation."""
    import openpyxl
    from sqlalchemy import text

    from commdesk.io.export import export_plan
    from commdesk.store import Store

    store = Store.open(demo_database(scratch))
    try:
        with store.read() as session:
            plan_id = session.execute(text("SELECT min(id) FROM plans")).scalar_one()
        written = export_plan(store, plan_id, scratch / "plan.xlsx")
    finally:
        store.close()
    book = openpyxl.load_workbook(written, read_only=True)
    try:
        sheets = book.sheetnames
        rows = sum(1 for _ in book[sheets[1]].iter_rows()) if len(sheets) > 1 else 0
    finally:
        book.close()
    if "Summary" not in sheets or rows < 2:
        raise AssertionError(f"the exported plan has sheets {sheets} and {rows} item rows")
    return f"a plan to .xlsx: sheets {', '.join(sheets)} ({rows - 1} items), read back"


def check_keyring(_scratch: Path) -> str:
    """keyring finds its backends (entry points survive freezing), and a throwaway secret
    makes a round trip through the store CommDesk would use here (commdesk.credentials):
    the system keyring when the session has one, else the session-only store."""
    from importlib.metadata import entry_points

    from commdesk.credentials import CredentialStore, Secret, new_credential_key

    found = sorted(ep.name for ep in entry_points(group="keyring.backends"))
    if "SecretService" not in found and sys.platform.startswith("linux"):
        raise AssertionError(f"the Secret Service backend is not among {found}")
    store = CredentialStore.detect()
    key = f"self-test-{new_credential_key()}"
    store.set(key, Secret("self-test secret"))
    try:
        back = store.get(key)
        if back is None or back.reveal() != "self-test secret":
            raise AssertionError(f"{store.info().backend} did not give the secret back")
    finally:
        store.delete(key)
    if store.get(key) is not None:
        raise AssertionError(f"{store.info().backend} kept a deleted secret")
    return f"secret stored, read and deleted: {store.kind.value} store ({store.info().backend})"


CORE_CHECKS: list[Check] = [
    ("modules", check_modules),
    ("migration", check_migration),
    ("demo", check_demo),
    ("export", check_export),
    ("keyring", check_keyring),
]


def run(extra: Sequence[Check] = (), out: TextIO | None = None) -> int:
    """Run the core checks and ``extra`` (the desktop's); print the report; 0 if all passed."""
    stream = out or sys.stdout
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="commdesk-selftest-") as tmp:
        for title, check in [*CORE_CHECKS, *extra]:
            scratch = Path(tmp, title.replace(" ", "-"))
            scratch.mkdir()
            started = time.perf_counter()
            try:
                detail = check(scratch)
            except Exception:
                failed += 1
                stream.write(f"FAIL {title}\n{traceback.format_exc()}")
            else:
                passed += 1
                took = time.perf_counter() - started
                stream.write(f"ok   {title}: {detail} ({took:.1f} s)\n")
            stream.flush()
    stream.write(f"self-test: {passed} passed, {failed} failed\n")
    return 1 if failed else 0
