"""Read-only tables of every section, counted, sorted, filtered and paged in SQL.

A :class:`TableSpec` describes one table: the SQL expression behind each column, its label,
how it sorts and how a filter text narrows the rows. :class:`TableService` counts and pages
any spec with SQLAlchemy Core and bound parameters, so a view never holds more than the rows
it shows, whether the database has fifty people or a million.

The module also answers the few aggregate questions the Overview page asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa

from commdesk.domain import (
    Activity,
    Community,
    Membership,
    Organisation,
    OrganisationDomain,
    Person,
    PersonEmail,
    PersonRole,
    Plan,
    PlanItem,
    PlatformAccount,
)
from commdesk.domain.communities import Channel
from commdesk.domain.enums import CommunityScope, ItemStatus, Phase, Platform, StakeholderRole
from commdesk.store import Store
from commdesk.store import search as fts

# One row of a page: the row's id first, then one value per column of the spec, in order.
Row = tuple[Any, ...]
# A column of a table, a mapped attribute or any SQL expression.
Expr = sa.SQLColumnExpression[Any]


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

    @property
    def ordering(self) -> tuple[Expr, ...]:
        return self.sort_by or (self.expression,)


@dataclass(frozen=True)
class TableSpec:
    """One read-only table: where its rows come from and what its columns are."""

    key: str
    source: sa.FromClause
    row_id: Expr
    columns: tuple[TableColumn, ...]
    default_sort: str
    default_descending: bool = False
    # Rows outside this condition never show (archived people, for instance).
    where: sa.ColumnElement[bool] = field(default_factory=sa.true)
    # The condition for a non-blank filter text.
    matching: Callable[[str], sa.ColumnElement[bool]] = field(default=lambda _text: sa.true())
    # A narrower FROM clause for counting without a filter: it must hold what ``where`` uses.
    # (SQLite does not drop an unused LEFT JOIN from a count by itself.)
    count_source: sa.FromClause | None = None

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

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self, spec: TableSpec, filter_text: str = "") -> int:
        """How many rows the table shows for this filter text."""
        source = spec.source
        if spec.count_source is not None and not filter_text.strip():
            source = spec.count_source
        query = sa.select(sa.func.count()).select_from(source).where(_condition(spec, filter_text))
        with self.store.read() as session:
            return int(session.execute(query).scalar_one())

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
    ) -> list[Row]:
        """Rows ``offset`` to ``offset + limit`` in the given order: ``(id, value, value, ...)``.

        ``sort_key`` names a column (default: the spec's); ties are broken by the row id, so
        consecutive pages neither repeat nor skip a row. ``after`` is the last row of the page
        before, when the caller has it: on a seekable sort column the query then starts right
        after it through the index (keyset paging), which costs the same at row ten million
        as at row ten. The rows are the same either way.
        """
        query = page_statement(
            spec,
            filter_text,
            sort_key=sort_key,
            descending=descending,
            offset=offset,
            limit=limit,
            after=after,
        )
        with self.store.read() as session:
            return [spec.convert(row) for row in session.execute(query)]


def page_statement(
    spec: TableSpec,
    filter_text: str = "",
    *,
    sort_key: str | None = None,
    descending: bool | None = None,
    offset: int = 0,
    limit: int = 200,
    after: Row | None = None,
) -> sa.Select[Any]:
    """The SELECT behind :meth:`TableService.page` (public so tests can read its plan)."""
    if offset < 0 or limit < 0:
        raise ValueError("offset and limit must not be negative")
    key = sort_key or spec.default_sort
    desc = spec.default_descending if descending is None else descending
    column = spec.column(key)
    if not column.sortable:
        raise ValueError(f"{spec.key} cannot be sorted by {key}")
    ordering = [*column.ordering, spec.row_id]
    condition = _condition(spec, filter_text)
    if after is not None and column.seekable:
        last = (after[1 + spec.index(key)], after[0])
        boundary = sa.tuple_(column.expression, spec.row_id)
        condition = sa.and_(condition, boundary < last if desc else boundary > last)
        offset = 0
    return (
        sa.select(spec.row_id, *(c.expression for c in spec.columns))
        .select_from(spec.source)
        .where(condition)
        .order_by(*(e.desc() if desc else e.asc() for e in ordering))
        .offset(offset)
        .limit(limit)
    )


def _condition(spec: TableSpec, filter_text: str) -> sa.ColumnElement[bool]:
    text = " ".join(filter_text.split())
    return sa.and_(spec.where, spec.matching(text)) if text else spec.where


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


_person_search = sa.table("person_search", sa.column("rowid"))


def _people_matching(text: str) -> sa.ColumnElement[bool]:
    # The trigram index finds substrings of name, emails, handles and organisation, but only
    # for words of three characters or more. Shorter words must appear in the name; text made
    # only of short words is a name prefix ("Jo" finds Joan and Jonas), as in search().
    long_words = [w for w in text.split() if fts.searchable(w)]
    short_words = [w for w in text.split() if not fts.searchable(w)]
    if not long_words:
        return Person.name.like(escape_like(text) + "%", escape="\\")
    hits = sa.select(_person_search.c.rowid).where(
        sa.literal_column("person_search").match(fts.match_expression(" ".join(long_words)))
    )
    return sa.and_(
        Person.id.in_(hits),
        *(Person.name.like(f"%{escape_like(w)}%", escape="\\") for w in short_words),
    )


# --- converters ------------------------------------------------------------------------------
def _roles(value: str) -> tuple[StakeholderRole, ...]:
    return tuple(StakeholderRole(v) for v in value.split(",") if v)


def _platforms(value: str) -> tuple[Platform, ...]:
    return tuple(sorted({Platform(v) for v in value.split(",") if v}, key=list(Platform).index))


def _enum_order(column: Expr, members: Sequence[Enum]) -> sa.ColumnElement[int]:
    """Sort an enum column in declaration order rather than by its stored text."""
    return sa.case({m.value: n for n, m in enumerate(members)}, value=column, else_=len(members))


def _joined(column: Expr, *where: sa.ColumnElement[bool], separator: str = ",") -> Expr:
    """The related values of a row, in one string (a correlated subquery)."""
    joined = sa.func.group_concat(column, separator, type_=sa.String())
    return sa.select(joined).where(*where).scalar_subquery()


def _counted(*where: sa.ColumnElement[bool]) -> Expr:
    """How many related rows a row has (a correlated subquery)."""
    return sa.select(sa.func.count()).where(*where).scalar_subquery()


# --- the tables ------------------------------------------------------------------------------

_people = Person.__table__
_owner = Person.__table__.alias("owner")

PEOPLE = TableSpec(
    key="people",
    source=sa.outerjoin(_people, Organisation.__table__, Person.organisation_id == Organisation.id),
    count_source=_people,
    row_id=Person.id,
    # "IS NOT 1" rather than "IS 0": without ANALYZE statistics, an equality would talk SQLite
    # into reading ix_people_archived and sorting every person, instead of walking the sort
    # column's index and stopping after one page (2 ms against 500 ms at a million people).
    where=Person.archived.is_not(True),
    matching=_people_matching,
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Person.name, seekable=True),
        TableColumn("organisation", "Organisation", Organisation.name),
        TableColumn(
            "roles",
            "Roles",
            _joined(PersonRole.role, PersonRole.person_id == Person.id),
            kind=ColumnKind.ENUM_LIST,
            convert=_roles,
        ),
        TableColumn(
            "email",
            "Email",
            sa.select(PersonEmail.email)
            .where(PersonEmail.person_id == Person.id)
            .order_by(PersonEmail.position)
            .limit(1)
            .scalar_subquery(),
        ),
        TableColumn(
            "last_activity", "Last activity", Person.last_activity_at, kind=ColumnKind.TIMESTAMP
        ),
    ),
)

ORGANISATIONS = TableSpec(
    key="organisations",
    source=Organisation.__table__,
    row_id=Organisation.id,
    matching=words_in_any(Organisation.name, Organisation.website),
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Organisation.name, seekable=True),
        TableColumn("kind", "Kind", Organisation.kind, kind=ColumnKind.ENUM),
        TableColumn(
            "people",
            "People",
            _counted(Person.organisation_id == Organisation.id, Person.archived.is_not(True)),
            kind=ColumnKind.NUMBER,
        ),
        TableColumn(
            "domains",
            "Email domains",
            _joined(
                OrganisationDomain.domain,
                OrganisationDomain.organisation_id == Organisation.id,
                separator=", ",
            ),
        ),
        TableColumn("website", "Website", Organisation.website),
    ),
)

COMMUNITIES = TableSpec(
    key="communities",
    source=sa.outerjoin(Community.__table__, _owner, Community.owner_id == _owner.c.id),
    row_id=Community.id,
    matching=words_in_any(Community.name, Community.purpose, _owner.c.name),
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Community.name, seekable=True),
        TableColumn(
            "scope",
            "Scope",
            Community.scope,
            kind=ColumnKind.ENUM,
            sort_by=(_enum_order(Community.scope, list(CommunityScope)),),
        ),
        TableColumn(
            "members",
            "Members",
            _counted(Membership.community_id == Community.id, Membership.left_on.is_(None)),
            kind=ColumnKind.NUMBER,
        ),
        TableColumn(
            "platforms",
            "Platforms",
            _joined(Channel.platform, Channel.community_id == Community.id),
            kind=ColumnKind.ENUM_LIST,
            convert=_platforms,
        ),
        TableColumn("owner", "Owner", _owner.c.name),
        TableColumn("purpose", "Purpose", Community.purpose),
    ),
)

_item_owner = Person.__table__.alias("item_owner")
_phase_order = _enum_order(PlanItem.phase, list(Phase))

PLAN_ITEMS = TableSpec(
    key="plan_items",
    source=PlanItem.__table__.join(Plan.__table__, PlanItem.plan_id == Plan.id)
    .outerjoin(Community.__table__, PlanItem.community_id == Community.id)
    .outerjoin(_item_owner, PlanItem.owner_id == _item_owner.c.id),
    row_id=PlanItem.id,
    matching=words_in_any(PlanItem.title, Plan.name, Community.name, _item_owner.c.name),
    default_sort="phase",
    columns=(
        TableColumn("title", "Item", PlanItem.title),
        TableColumn(
            "plan", "Plan", Plan.name, sort_by=(Plan.name, _phase_order, PlanItem.position)
        ),
        TableColumn(
            "phase",
            "Phase",
            PlanItem.phase,
            kind=ColumnKind.ENUM,
            sort_by=(_phase_order, Plan.name, PlanItem.position),
        ),
        TableColumn(
            "status",
            "Status",
            PlanItem.status,
            kind=ColumnKind.ENUM,
            sort_by=(_enum_order(PlanItem.status, list(ItemStatus)),),
        ),
        TableColumn("kind", "Kind", PlanItem.kind, kind=ColumnKind.ENUM),
        TableColumn(
            "due",
            "Due",
            PlanItem.due_on,
            kind=ColumnKind.DATE,
            # Undated items after the dated ones.
            sort_by=(PlanItem.due_on.is_(None), PlanItem.due_on),
        ),
        TableColumn("owner", "Owner", _item_owner.c.name),
        TableColumn("community", "Community", Community.name),
    ),
)

_actor = Person.__table__.alias("actor")


def _activities_matching(text: str) -> sa.ColumnElement[bool]:
    # Who (as the People filter finds them) or where: both reach the log through its indexes.
    # Titles are left out: a LIKE over millions of titles would read all of them.
    people = sa.select(Person.id).where(_people_matching(text))
    communities = sa.select(Community.id).where(words_in_any(Community.name)(text))
    return sa.or_(Activity.person_id.in_(people), Activity.community_id.in_(communities))


ACTIVITIES = TableSpec(
    key="activities",
    source=Activity.__table__.join(_actor, Activity.person_id == _actor.c.id).outerjoin(
        Community.__table__, Activity.community_id == Community.id
    ),
    count_source=Activity.__table__,
    row_id=Activity.id,
    matching=_activities_matching,
    default_sort="when",
    default_descending=True,
    # The log is read by time; any other order would sort millions of rows.
    columns=(
        TableColumn("when", "When", Activity.occurred_at, kind=ColumnKind.TIMESTAMP, seekable=True),
        TableColumn("person", "Person", _actor.c.name, sortable=False),
        TableColumn("kind", "Kind", Activity.kind, kind=ColumnKind.ENUM, sortable=False),
        TableColumn(
            "platform", "Platform", Activity.platform, kind=ColumnKind.ENUM, sortable=False
        ),
        TableColumn("community", "Community", Community.name, sortable=False),
        TableColumn("title", "Title", Activity.title, sortable=False),
    ),
)

ACCOUNTS = TableSpec(
    key="accounts",
    source=PlatformAccount.__table__,
    row_id=PlatformAccount.id,
    matching=words_in_any(
        PlatformAccount.label, PlatformAccount.username, PlatformAccount.base_url
    ),
    default_sort="label",
    columns=(
        TableColumn("label", "Account", PlatformAccount.label),
        TableColumn("platform", "Platform", PlatformAccount.platform, kind=ColumnKind.ENUM),
        TableColumn("username", "User name", PlatformAccount.username),
        TableColumn("server", "Server", PlatformAccount.base_url),
        TableColumn(
            "last_sync",
            "Last synchronised",
            PlatformAccount.last_sync_at,
            kind=ColumnKind.TIMESTAMP,
        ),
    ),
)

SPECS: Mapping[str, TableSpec] = {
    s.key: s for s in (PEOPLE, ORGANISATIONS, COMMUNITIES, PLAN_ITEMS, ACTIVITIES, ACCOUNTS)
}


# --- figures for the Overview page -----------------------------------------------------------
@dataclass(frozen=True)
class PhaseProgress:
    """How many plan items one phase holds, by status."""

    phase: Phase
    by_status: Mapping[ItemStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return self.by_status.get(ItemStatus.DONE, 0)

    @property
    def open(self) -> int:
        """Items still to do: neither done nor cancelled."""
        return self.total - self.done - self.by_status.get(ItemStatus.CANCELLED, 0)


def plan_items_by_phase(store: Store) -> list[PhaseProgress]:
    """Every phase in order, with its plan items counted by status (zeros included)."""
    query = sa.select(PlanItem.phase, PlanItem.status, sa.func.count()).group_by(
        PlanItem.phase, PlanItem.status
    )
    counts: dict[Phase, dict[ItemStatus, int]] = {p: dict.fromkeys(ItemStatus, 0) for p in Phase}
    with store.read() as session:
        for phase, status, n in session.execute(query):
            counts[phase][status] = int(n)
    return [PhaseProgress(phase, counts[phase]) for phase in Phase]


def recent_activity(store: Store, since: datetime) -> tuple[int, int]:
    """People (not archived) active, and activities logged, at or after ``since``: both
    counted through their time indexes, in one query."""
    people = sa.select(sa.func.count()).where(
        Person.last_activity_at >= since, Person.archived.is_not(True)
    )
    activities = sa.select(sa.func.count()).where(Activity.occurred_at >= since)
    query = sa.select(people.scalar_subquery(), activities.scalar_subquery())
    with store.read() as session:
        active, logged = session.execute(query).one()
    return int(active), int(logged)
