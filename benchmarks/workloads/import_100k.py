"""import-100k: import 100,000 people from a CSV file, as ``commdesk import people`` does.

The file: a header and 100k rows of name, email, company (500 companies), job title and
location, written once (untimed) into the scratch folder.
app   = ``import_people(store, FILE, ImportOptions(mapping))`` into a freshly migrated
        database: content sniffing, header and mapping, validation of every row, dedupe
        lookups by email, chunked ``executemany`` inserts in one transaction, the search
        index rebuilt for the imported people with its triggers set aside meanwhile.
limit = ``csv.reader`` over the same file and plain ``sqlite3`` ``executemany`` of the same
        rows into the same tables of another freshly migrated database (people with ids,
        person_emails, organisations), the same search-index upkeep (same triggers dropped
        and restored, the same INSERT ... SELECT for the new people), in one transaction,
        on a connection with the app's PRAGMAs. No validation, no dedupe.
Alternating rounds; the best of each side is reported. Target: ratio <= 2.0.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from pathlib import Path

from benchmarks.workloads import Options, Result, Target, Workload, fresh_path, raw_connection
from commdesk.io.importing.run import ImportOptions, import_people, inspect
from commdesk.store import Store

PEOPLE = 100_000
COMPANIES = 500
ROUNDS = 2
HEADER = ["Name", "Email", "Company", "Job title", "Location"]


def run(options: Options) -> Result:
    source = _write_file(fresh_path(options, "import-100k.csv"))
    app_rounds, limit_rounds = [], []
    try:
        for round_ in range(ROUNDS):
            app_rounds.append(_app(options, source, round_))
            limit_rounds.append(_limit(options, source, round_))
    finally:
        source.unlink(missing_ok=True)
    return Result(app=min(app_rounds), limit=min(limit_rounds), target=Target("ratio", 2.0))


def _write_file(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(PEOPLE):
            writer.writerow(
                [
                    f"Person {i:06d} Example",
                    f"person{i}@mail{i % 97}.example",
                    f"Company {i % COMPANIES}",
                    ("Engineer", "Manager", "Designer", "")[i % 4],
                    ("Berlin", "Lyon", "Leeds", "Utrecht")[i % 4],
                ]
            )
    return path


def _fresh_store(options: Options, name: str) -> Path:
    path = fresh_path(options, name)
    Store.open(path).close()  # migrated to head, empty
    return path


def _app(options: Options, source: Path, round_: int) -> float:
    path = _fresh_store(options, f"import-100k-app-{round_}.sqlite")
    store = Store.open(path)
    try:
        start = time.perf_counter()
        found = inspect(source)
        report = import_people(store, source, ImportOptions(found.mapping))
        elapsed = time.perf_counter() - start
        assert report.created == PEOPLE and not report.rejects, report.summary()
    finally:
        store.close()
        path.unlink()
    return elapsed


def _limit(options: Options, source: Path, round_: int) -> float:
    path = _fresh_store(options, f"import-100k-limit-{round_}.sqlite")
    try:
        with raw_connection(path) as connection:
            start = time.perf_counter()
            _plain_import(connection, source)
            elapsed = time.perf_counter() - start
            count = connection.execute("SELECT count(*) FROM person_search").fetchone()
            assert count == (PEOPLE,)
    finally:
        path.unlink()
    return elapsed


def _plain_import(connection: sqlite3.Connection, source: Path) -> None:
    now = int(time.time())
    connection.execute("BEGIN")
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'person\\_search\\_%' ESCAPE '\\'"
    ).fetchall()
    for name, _sql in triggers:
        connection.execute('DROP TRIGGER "' + name + '"')
    organisations: dict[str, int] = {}
    people, emails = [], []
    with source.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for person_id, (name, email, company, job, location) in enumerate(rows, start=1):
            org = organisations.get(company)
            if org is None:
                org = connection.execute(
                    "INSERT INTO organisations (name, kind, created_at, updated_at) "
                    "VALUES (?, 'company', ?, ?) RETURNING id",
                    (company, now, now),
                ).fetchone()[0]
                organisations[company] = org
            people.append((person_id, name, job or None, location, org, now, now))
            emails.append((person_id, email, 0))
    connection.executemany(
        "INSERT INTO people (id, name, job_title, location, organisation_id, consent, archived, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
        people,
    )
    connection.executemany(
        "INSERT INTO person_emails (person_id, email, position) VALUES (?, ?, ?)", emails
    )
    connection.execute("CREATE TEMP TABLE touched (id INTEGER PRIMARY KEY)")
    connection.executemany("INSERT INTO touched (id) VALUES (?)", [(p[0],) for p in people])
    connection.execute(
        "INSERT INTO person_search(rowid, name, emails, handles, organisation) "
        "SELECT p.id, p.name, "
        "coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), "
        "''), coalesce((SELECT group_concat(handle, ' ') FROM identities "
        "WHERE person_id = p.id), ''), "
        "coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '') "
        "FROM touched AS t JOIN people AS p ON p.id = t.id"
    )
    connection.execute("DROP TABLE touched")
    for _name, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")


WORKLOAD = Workload(
    "import-100k", "import 100k people from CSV vs csv.reader + sqlite3 executemany", run
)
