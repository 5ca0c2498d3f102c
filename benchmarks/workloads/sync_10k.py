"""sync-10k: store 10,000 followers and 100,000 activities as a sync does, page by page.

The pages are built in memory first (as the connectors parse them from the network), so the
network is excluded and only the store work is timed:

app   = ``StoreWriter.write(page, save_cursor)`` for 125 pages of 80 followers (people matched
        by identity then email, new people, identities, likely-duplicate check) then 1,250 pages
        of 80 notifications (authors looked up by identity, activities inserted by external id
        with ON CONFLICT DO NOTHING), each page one transaction with its cursor; then, as the
        sync engine does when a sync ends, ``rescore_added()`` (the engagement scores of the
        10,000 authors, in one transaction).
limit = the same rows with plain ``sqlite3`` ``executemany`` (people with ids known in
        advance, identities, activities with the same conflict clause), one transaction per
        page of the same size, on a connection with the app's PRAGMAs.
Both start from an empty migrated database (same schema, triggers and indexes), in alternating
rounds; the best round of each is reported. Target: ratio <= 2.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from benchmarks.workloads import Options, Result, Target, Workload, raw_connection
from commdesk.credentials import new_credential_key
from commdesk.domain import PlatformAccount
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.store import Store
from commdesk.sync import state
from commdesk.sync.records import FoundActivity, FoundPerson, Page
from commdesk.sync.writer import INSERT_ACTIVITY, StoreWriter

FOLLOWERS = 10_000
ACTIVITIES = 100_000
PAGE = 80  # Mastodon's page size for followers and notifications
ROUNDS = 3
START = datetime(2024, 1, 1, tzinfo=UTC)
KINDS = (ActivityKind.MENTION, ActivityKind.REACTION, ActivityKind.SHARE, ActivityKind.COMMENT)


def people_pages() -> list[Page]:
    people = [
        FoundPerson(f"user{i}@social.example", f"Follower {i}", f"https://social.example/@user{i}")
        for i in range(FOLLOWERS)
    ]
    return [
        Page({"next": f"max_id={n}"}, False, people[n : n + PAGE])
        for n in range(0, FOLLOWERS, PAGE)
    ]


def activity_pages() -> list[Page]:
    pages = []
    for n in range(0, ACTIVITIES, PAGE):
        activities = [
            FoundActivity(
                f"social.example/notifications/{i}",
                f"user{i % FOLLOWERS}@social.example",
                KINDS[i % len(KINDS)],
                START + timedelta(minutes=i),
                f"Notification {i}",
                f"https://social.example/@me/{i}",
            )
            for i in range(n, n + PAGE)
        ]
        people = [
            FoundPerson(a.handle, f"Follower {a.handle[4:].split('@')[0]}") for a in activities
        ]
        pages.append(Page({"since": str(n)}, False, people, activities))
    return pages


def run(options: Options) -> Result:
    # Its own folder: the databases are small and fresh, and the shared scratch folder may be
    # emptied by another checkout's run at any time.
    with tempfile.TemporaryDirectory(prefix="commdesk-sync-10k-") as folder:
        template = Path(folder) / "template.sqlite"
        Store.open(template).close()
        pages = people_pages() + activity_pages()
        app_rounds, limit_rounds = [], []
        for round_ in range(ROUNDS):
            app_rounds.append(_app_round(template, round_, pages))
            limit_rounds.append(_limit_round(template, round_, pages))
    return Result(app=min(app_rounds), limit=min(limit_rounds), target=Target("ratio", 2.0))


def _copy(template: Path, name: str) -> Path:
    path = template.with_name(name)
    shutil.copyfile(template, path)
    return path


def _app_round(template: Path, round_: int, pages: list[Page]) -> float:
    path = _copy(template, f"app-{round_}.sqlite")
    store = Store.open(path)
    try:
        account_id = _account(store)
        writer = StoreWriter(store, Platform.MASTODON)
        cursor: dict[str, dict[str, str]] = {}
        start = time.perf_counter()
        for page in pages:
            cursor["stream"] = page.state
            saved = dict(cursor)
            writer.write(page, partial(state.save_cursor, account_id=account_id, cursor=saved))
        writer.rescore_added()
        elapsed = time.perf_counter() - start
        _check(path)
    finally:
        store.close()
        path.unlink()
    return elapsed


def _limit_round(template: Path, round_: int, pages: list[Page]) -> float:
    path = _copy(template, f"limit-{round_}.sqlite")
    try:
        with raw_connection(path) as connection:
            start = time.perf_counter()
            _limit(connection, pages)
            elapsed = time.perf_counter() - start
        _check(path)
    finally:
        path.unlink()
    return elapsed


def _limit(connection: sqlite3.Connection, pages: list[Page]) -> None:
    ids: dict[str, int] = {}
    now = int(time.time())
    for page in pages:
        connection.execute("BEGIN")
        new = [p for p in page.people if p.handle not in ids]
        for person in new:
            ids[person.handle] = len(ids) + 1
        connection.executemany(
            "INSERT INTO people (id, name, consent, archived, created_at, updated_at)"
            " VALUES (?, ?, 0, 0, ?, ?)",
            [(ids[p.handle], p.name or p.handle, now, now) for p in new],
        )
        connection.executemany(
            "INSERT INTO identities (person_id, platform, handle, profile_url) VALUES (?, ?, ?, ?)",
            [(ids[p.handle], "mastodon", p.handle, p.profile_url) for p in new],
        )
        connection.executemany(
            INSERT_ACTIVITY,
            [
                (
                    int(a.occurred_at.timestamp()),
                    ids[a.handle],
                    None,
                    "mastodon",
                    a.kind.value,
                    a.title,
                    a.url,
                    "sync",
                    a.external_id,
                )
                for a in page.activities
            ],
        )
        connection.execute("COMMIT")


def _account(store: Store) -> int:
    with store.session() as session:
        account = PlatformAccount(
            platform=Platform.MASTODON,
            label="Benchmark",
            base_url="https://social.example",
            username="me",
            credential_key=new_credential_key(),
        )
        session.add(account)
        session.flush()
        return account.id


def _check(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        people = connection.execute("SELECT count(*) FROM people").fetchone()[0]
        activities = connection.execute("SELECT count(*) FROM activities").fetchone()[0]
    connection.close()
    assert (people, activities) == (FOLLOWERS, ACTIVITIES), (people, activities)


WORKLOAD = Workload(
    "sync-10k", "store 10k followers + 100k activities page by page vs raw executemany", run
)
