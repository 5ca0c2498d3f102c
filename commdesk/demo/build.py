"""Writing a demo world into a store: one transaction, bulk inserts, progress and cancel."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Table, func, insert, select

from commdesk.demo import timeline
from commdesk.demo.rows import DemoWorld, demo_size
from commdesk.domain import Activity, Community, Organisation, Person, Plan, Tag
from commdesk.errors import CommDeskError
from commdesk.services.engagement import scores
from commdesk.store import Store
from commdesk.store.search import bulk_load

Progress = Callable[[float, str], bool]
"""Told how far along (0..1) and what is happening; returns False to cancel."""

# Shares of the progress bar: drawing the world, writing rows, then indexing and saving.
_DRAWN = 0.05
_WRITTEN = 0.85
_INDEXED = 0.93
_SCORED = 0.98

# SQLite's page cache during the load, in KiB (pages are only taken as they are needed).
# Indexes of millions of rows outgrow the default 2 MiB: measured on the large demo, 1 GiB
# cuts writing it from 305 s to 197 s. The connection gets its own size back afterwards.
BULK_CACHE_KIB = 1 << 20


_LABELS = {
    "kpis": "KPIs",
    "plan_target_communities": "plan targets",
    "plan_target_roles": "plan targets",
    "person_roles": "stakeholder roles",
    "person_emails": "email addresses",
}


class DemoCancelled(CommDeskError):
    """Building the demo was cancelled; the database was left as it was."""


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    organisations: int
    people: int
    communities: int
    memberships: int
    identities: int
    activities: int
    plans: int
    plan_items: int
    tags: int
    rows: Mapping[str, int]  # every table written, with its row count


def build_demo(
    store: Store,
    size: str = "small",
    seed: int = 7,
    progress: Progress | None = None,
    *,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty database with a believable demo world, the same for the same seed.

    ``size`` is "tiny" (300 people), "small" (5,000 people, 200,000 activities), "medium"
    or "large" (1,000,000 people, 5,000,000 activities). Everything is written in one
    transaction, engagement scores included: a database that already holds data is refused,
    and a cancel (``progress`` returning False) or an error leaves it untouched.

    Its two years of activity end in the week of ``today`` (the day it is built): the same
    world, moved forward by whole weeks (see :func:`commdesk.demo.timeline.written_as_of`).
    """
    with timeline.written_as_of(today or date.today()):
        return _build(store, size, seed, progress)


def _build(store: Store, size: str, seed: int, progress: Progress | None) -> DemoSummary:
    report = _Reporter(progress)
    spec = demo_size(size)
    if seed < 0:
        raise CommDeskError(f"The demo seed must be 0 or more, not {seed}.")
    with store.engine.connect() as connection:
        _refuse_data(connection, store)
    stages = iter(range(1, 100))
    world = DemoWorld(
        spec, seed, on_stage=lambda what: report(min(_DRAWN, 0.01 * next(stages)), what + "…")
    )
    counts = world.counts
    total, written = sum(counts.values()), 0
    with store.begin() as connection:
        _refuse_data(connection, store)  # again: someone may have written meanwhile
        statements: dict[str, str] = {}
        with _page_cache(connection, BULK_CACHE_KIB), bulk_load(connection):
            for batch in world.tables():
                sql = statements.get(batch.table.name)
                if sql is None:
                    sql = statements[batch.table.name] = _insert_sql(
                        connection, batch.table, batch.columns
                    )
                # The rows already hold stored values (integer seconds, ISO dates, enum
                # values), so the Core-built INSERT goes straight to the driver's executemany.
                # Measured on the small demo's 200,000 activities: 4.6 s this way, 6.5 s with
                # connection.execute(insert(table), dicts), which builds a dict per row and
                # converts every value through the column types (datetime -> seconds, enum
                # checks): +40 % on the largest table, a minute on the large demo.
                connection.exec_driver_sql(sql, batch.rows)
                written += len(batch.rows)
                report(
                    _DRAWN + (_WRITTEN - _DRAWN) * written / total,
                    f"Writing {_LABELS.get(batch.table.name, batch.table.name.replace('_', ' '))}…",
                )
            report(_WRITTEN, "Building the search index…")
        # The world opens scored: its engagement summary is filled in the same transaction.
        report(_INDEXED, "Scoring engagement…")
        scores.recompute_in(connection, progress=_scoring_progress(report))
        report(_SCORED, "Saving…")
    report.last(1.0, "The demo is ready.")
    return DemoSummary(
        size=spec.name,
        seed=seed,
        organisations=counts["organisations"],
        people=counts["people"],
        communities=counts["communities"],
        memberships=counts["memberships"],
        identities=counts["identities"],
        activities=counts["activities"],
        plans=counts["plans"],
        plan_items=counts["plan_items"],
        tags=counts["tags"],
        rows=counts,
    )


def _scoring_progress(report: _Reporter) -> Callable[[float | None, str], bool]:
    def told(fraction: float | None, _message: str) -> bool:
        report(_INDEXED + (_SCORED - _INDEXED) * (fraction or 0.0), "Scoring engagement…")
        return True  # a cancel raises DemoCancelled from report()

    return told


class _Reporter:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def __call__(self, fraction: float, message: str) -> None:
        if self.progress is not None and self.progress(fraction, message) is False:
            raise DemoCancelled("Building the demo was cancelled; nothing was written.")

    def last(self, fraction: float, message: str) -> None:
        """The final report: the work is saved, so a cancel can no longer undo it."""
        if self.progress is not None:
            self.progress(fraction, message)


def _refuse_data(connection: Connection, store: Store) -> None:
    for model, what in (
        (Person, "people"),
        (Organisation, "organisations"),
        (Community, "communities"),
        (Plan, "plans"),
        (Tag, "tags"),
        (Activity, "activities"),
    ):
        count = connection.execute(select(func.count()).select_from(model)).scalar_one()
        if count:
            raise CommDeskError(
                f"The demo can only be built into an empty database, and {store.location} "
                f"already holds {count} {what}. Choose a new database file for the demo."
            )


@contextmanager
def _page_cache(connection: Connection, kib: int) -> Iterator[None]:
    # A PRAGMA takes no bound parameters; both values are integers.
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _insert_sql(connection: Connection, table: Table, columns: tuple[str, ...]) -> str:
    """The INSERT for all ``columns`` with positional parameters, in the rows' order."""
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    if tuple(compiled.positiontup or ()) != columns:
        raise RuntimeError(f"parameters of {table.name} are not in column order")
    return str(compiled)
