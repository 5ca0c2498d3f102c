"""Read-only tables of every section, counted, sorted, filtered and paged in SQL.

A :class:`TableSpec` describes one table: the SQL expression behind each column, its label,
how it sorts and how a filter text narrows the rows. :class:`TableService` counts and pages
any spec with SQLAlchemy Core and bound parameters, so a view never holds more than the rows
it shows, whether the database has fifty people or a million.

The specs themselves live in :mod:`commdesk.services.listings`, one module per table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.store import Store

# One row of a page: the row's id first, then one value per column of the spec, in order.
Row = tuple[Any, ...]
# Named filters a view sets: filter name -> plain value (None: not filtered).
Filters = Mapping[str, Any]
# A column of a table, a mapped attribute or any SQL expression.
Expr = sa.SQLColumnExpression[Any]

# A filter text matching at least this many rows is common: its first page is found by
# walking the sort column's index (a page of matches turns up within the first few thousand
# rows); a rarer one by sorting its matches, which are few.
COMMON_MATCHES = 5000
# A count that may be stopped asks whether to stop after this many SQLite VM steps.
STOP_CHECK_STEPS = 10_000


class ColumnKind(Enum):
    """What a column holds, so a view can align and format it."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"  # datetime.date
    TIMESTAMP = "timestamp"  # timezone-aware datetime.datetime
    ENUM = "enum"  # a LabelledEnum member
    ENUM_LIST = "enum_list"  # a tuple of LabelledEnum members


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    expression: Expr
    kind: ColumnKind = ColumnKind.TEXT
    # What ORDER BY uses when this column is the sort key; the expression itself if empty.
    # Keep the first one indexed where the table can be large.
    sort_by: tuple[Expr, ...] = ()
    # Turns the stored value into what the column holds (e.g. "a,b" into enum members).
    convert: Callable[[Any], Any] | None = None
    # The expression is indexed and never NULL, and the column sorts by it alone: a page can
    # then seek to the row after the previous page instead of counting past ``offset`` rows.
    seekable: bool = False
    # False where sorting by it would mean sorting millions of rows (the activity log's).
    sortable: bool = True
    # An index holds the rows in this column's order (row id as the tie-break), so a page
    # can walk it and stop; a seekable column is always indexed.
    indexed: bool = False

    @property
    def walkable(self) -> bool:
        return self.seekable or self.indexed

    @property
    def ordering(self) -> tuple[Expr, ...]:
        return self.sort_by or (self.expression,)


# The named filter that shows one of a spec's ``scopes`` instead of its ``where``.
SCOPE = "scope"


@dataclass(frozen=True)
class TableSpec:
    """One read-only table: where its rows come from and what its columns are."""

    key: str
    source: sa.FromClause
    row_id: Expr
    columns: tuple[TableColumn, ...]
    default_sort: str
    default_descending: bool = False
    # Rows outside this condition never show (archived people, for instance)...
    where: sa.ColumnElement[bool] = field(default_factory=sa.true)
    # ...unless the named filter "scope" names one of these, shown in its place (the archived
    # people, say, to bring one back).
    scopes: Mapping[str, sa.ColumnElement[bool]] = field(default_factory=dict)
    # The condition for a non-blank filter text.
    matching: Callable[[str], sa.ColumnElement[bool]] = field(default=lambda _text: sa.true())
    # Named narrowing conditions a view can combine with the filter text ("role", "community"
    # ...): each takes a plain value from the view and returns the condition. A value of None
    # means "not filtered".
    filters: Mapping[str, Callable[[Any], sa.ColumnElement[bool]]] = field(default_factory=dict)
    # A narrower FROM clause for counting: it must hold what ``where``, ``matching`` and every
    # named filter use.
    # (SQLite does not drop an unused LEFT JOIN from a count by itself.)
    count_source: sa.FromClause | None = None
    # The rows ``where`` leaves out, exactly NOT ``where``, found through an index: an
    # unfiltered count is then "all rows minus these", which SQLite answers from its b-tree
    # page counts instead of visiting every row (5 ms against 60 ms at a million people).
    hidden: sa.ColumnElement[bool] | None = None
    # For a big table whose filter text is found through a separate text index (FTS5): how
    # to tell a common text from a rare one, and the matching for a common one.
    # ``common_probe(text, n)`` counts matching rows, stopping at ``n`` (cheap: the text index
    # alone); ``walk_matching(text, sort_key)`` is ``matching`` written so that SQLite walks
    # the sort column's index and tests each row, stopping after a page, instead of sorting
    # every match (which is faster while the matches are few).
    common_probe: Callable[[str, int], sa.Select[Any]] | None = None
    walk_matching: Callable[[str, str], sa.ColumnElement[bool]] | None = None
    # Whether ``row_id`` tells the rows of ``source`` apart (a page can then pick its ids
    # first and read the columns for them alone; see page_statement).
    unique_ids: bool = True

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.key}: column keys repeat")
        if self.default_sort not in keys:
            raise ValueError(f"{self.key}: unknown default sort {self.default_sort!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def index(self, key: str) -> int:
        if key not in self.keys:
            raise KeyError(f"{self.key} has no column {key!r}")
        return self.keys.index(key)

    def column(self, key: str) -> TableColumn:
        return self.columns[self.index(key)]

    def convert(self, row: Sequence[Any]) -> Row:
        """A result row with each value as its column holds it (enum members, not text)."""
        values = zip(self.columns, row[1:], strict=True)
        return (row[0], *(c.convert(v) if c.convert and v is not None else v for c, v in values))


class TableService:
    """Counts and pages of any :class:`TableSpec`; every query is built with bound parameters."""

    # How many matches make a filter text common (see COMMON_MATCHES).
    common_matches = COMMON_MATCHES
    stop_check_steps = STOP_CHECK_STEPS

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(
        self,
        spec: TableSpec,
        filter_text: str = "",
        filters: Filters | None = None,
        *,
        should_stop: Callable[[], bool] | None = None,
    ) -> int:
        """How many rows the table shows for this filter text and these named filters.

        ``should_stop`` (for a count on a worker thread) is asked every few thousand steps of
        SQLite's work; once it answers True the query stops with
        :class:`sqlalchemy.exc.OperationalError` ("interrupted").
        """
        source = spec.count_source if spec.count_source is not None else spec.source
        narrowed = any(v is not None for v in (filters or {}).values())
        if spec.hidden is not None and not filter_text.strip() and not narrowed:
            everyone = sa.select(sa.func.count()).select_from(source).scalar_subquery()
            left_out = (
                sa.select(sa.func.count()).select_from(source).where(spec.hidden).scalar_subquery()
            )
            query = sa.select(everyone - left_out)
        else:
            condition = _condition(spec, filter_text, filters)
            query = sa.select(sa.func.count()).select_from(source).where(condition)
        with self.store.read() as session:
            if should_stop is None:
                return int(session.execute(query).scalar_one())
            driver = session.connection().connection.driver_connection
            if not isinstance(driver, sqlite3.Connection):
                return int(session.execute(query).scalar_one())
            driver.set_progress_handler(lambda: int(should_stop()), self.stop_check_steps)
            try:
                return int(session.execute(query).scalar_one())
            finally:
                driver.set_progress_handler(None, 0)

    def page(
        self,
        spec: TableSpec,
        filter_text: str = "",
        *,
        sort_key: str | None = None,
        descending: bool | None = None,
        offset: int = 0,
        limit: int = 200,
        after: Row | None = None,
        filters: Filters | None = None,
    ) -> list[Row]:
        """Rows ``offset`` to ``offset + limit`` in the given order: ``(id, value, value, ...)``.

        ``sort_key`` names a column (default: the spec's); ties are broken by the row id, so
        consecutive pages neither repeat nor skip a row. ``after`` is the last row of the page
        before, when the caller has it: on a seekable sort column the query then starts right
        after it through the index (keyset paging), which costs the same at row ten million
        as at row ten. The rows are the same either way.
        """
        with self.store.read() as session:
            walk = self._common(session, spec, filter_text, sort_key)
            query = page_statement(
                spec,
                filter_text,
                sort_key=sort_key,
                descending=descending,
                offset=offset,
                limit=limit,
                after=after,
                filters=filters,
                walk=walk,
            )
            return [spec.convert(row) for row in session.execute(query)]

    def _common(self, session: Session, spec: TableSpec, text: str, sort_key: str | None) -> bool:
        """Whether ``text`` matches so many rows that walking the sort index beats sorting."""
        text = " ".join(text.split())
        column = spec.column(sort_key or spec.default_sort)
        if not text or spec.common_probe is None or not column.walkable:
            return False
        found = session.execute(spec.common_probe(text, self.common_matches)).scalar_one()
        return int(found) >= self.common_matches


def page_statement(
    spec: TableSpec,
    filter_text: str = "",
    *,
    sort_key: str | None = None,
    descending: bool | None = None,
    offset: int = 0,
    limit: int = 200,
    after: Row | None = None,
    filters: Filters | None = None,
    walk: bool = False,
) -> sa.Select[Any]:
    """The SELECT behind :meth:`TableService.page` (public so tests can read its plan).

    Where the rows are sorted rather than read off an index walk (an unindexed sort column,
    or the few matches of a rare text), the ids of the page are chosen first (ordered and
    limited) and only then are the columns read, for those rows alone: sorting twenty
    thousand matches then costs twenty thousand index reads, not twenty thousand
    evaluations of every column's subqueries. ``walk`` picks the spec's ``walk_matching``.
    """
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must not be negative")
    key = sort_key or spec.default_sort
    desc = spec.default_descending if descending is None else descending
    column = spec.column(key)
    if not column.sortable:
        raise ValueError(f"{spec.key} cannot be sorted by {key}")
    ordering = [*column.ordering, spec.row_id]
    order_by = [e.desc() if desc else e.asc() for e in ordering]
    condition = _condition(spec, filter_text, filters, walk=key if walk else None)
    if after is not None and column.seekable:
        last = (after[1 + spec.index(key)], after[0])
        boundary = sa.tuple_(column.expression, spec.row_id)
        condition = sa.and_(condition, boundary < last if desc else boundary > last)
        offset = 0
    values = (spec.row_id, *(c.expression for c in spec.columns))
    sorted_matches = bool(filter_text.strip()) and spec.common_probe is not None and not walk
    if (column.walkable and not sorted_matches) or not spec.unique_ids:
        # Walking the index, only the rows of the page are ever read (and without unique
        # ids, the page's rows could not be found again by id).
        return (
            sa.select(*values)
            .select_from(spec.source)
            .where(condition)
            .order_by(*order_by)
            .offset(offset)
            .limit(limit)
        )
    chosen = (
        sa.select(spec.row_id.label("chosen_id"))
        .select_from(spec.source)
        .where(condition)
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
        .subquery("chosen")
    )
    return (
        sa.select(*values)
        .select_from(chosen.join(spec.source, chosen.c.chosen_id == spec.row_id))
        .order_by(*order_by)
    )


def _condition(
    spec: TableSpec, filter_text: str, filters: Filters | None = None, *, walk: str | None = None
) -> sa.ColumnElement[bool]:
    named = dict(filters or {})
    scope = named.pop(SCOPE, None)
    if scope is not None and scope not in spec.scopes:
        raise ValueError(f"{spec.key} has no scope {scope!r}")
    conditions = [spec.where if scope is None else spec.scopes[scope]]
    text = " ".join(filter_text.split())
    if text:
        if walk is not None and spec.walk_matching is not None:
            conditions.append(spec.walk_matching(text, walk))
        else:
            conditions.append(spec.matching(text))
    for name, value in named.items():
        if name not in spec.filters:
            raise ValueError(f"{spec.key} has no filter {name!r}")
        if value is not None:
            conditions.append(spec.filters[name](value))
    return sa.and_(*conditions)


# --- filters ---------------------------------------------------------------------------------
def escape_like(value: str) -> str:
    """Escape LIKE wildcards so user text matches literally (with ``escape='\\\\'``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words_in_any(*expressions: Expr) -> Callable[[str], sa.ColumnElement[bool]]:
    """A filter: every word of the text appears (any case) in at least one of the expressions."""

    def matching(text: str) -> sa.ColumnElement[bool]:
        words = text.split()
        if not words:
            return sa.true()
        return sa.and_(
            *(
                sa.or_(*(e.like(f"%{escape_like(w)}%", escape="\\") for e in expressions))
                for w in words
            )
        )

    return matching


# --- converters ------------------------------------------------------------------------------
def parse_roles(value: str) -> tuple[StakeholderRole, ...]:
    return tuple(StakeholderRole(v) for v in value.split(",") if v)


def parse_platforms(value: str) -> tuple[Platform, ...]:
    return tuple(sorted({Platform(v) for v in value.split(",") if v}, key=list(Platform).index))


def enum_order(column: Expr, members: Sequence[Enum]) -> sa.ColumnElement[int]:
    """Sort an enum column in declaration order rather than by its stored text."""
    return sa.case({m.value: n for n, m in enumerate(members)}, value=column, else_=len(members))


def joined(column: Expr, *where: sa.ColumnElement[bool], separator: str = ",") -> Expr:
    """The related values of a row, in one string (a correlated subquery)."""
    joined_values = sa.func.group_concat(column, separator, type_=sa.String())
    return sa.select(joined_values).where(*where).scalar_subquery()


def counted(*where: sa.ColumnElement[bool]) -> Expr:
    """How many related rows a row has (a correlated subquery)."""
    return sa.select(sa.func.count()).where(*where).scalar_subquery()
