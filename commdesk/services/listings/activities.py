"""The activity log table, read by time, narrowed by person, community, platform, kind and
a date range (named filters, each served by an index on the log)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from commdesk.domain import Activity, Community, Person
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.services.listings.people import people_matching
from commdesk.services.tables import ColumnKind, TableColumn, TableSpec, words_in_any

_actor = Person.__table__.alias("actor")


def _activities_matching(text: str) -> sa.ColumnElement[bool]:
    # Who (as the People filter finds them) or where: both reach the log through its indexes.
    # Titles are left out: a LIKE over millions of titles would read all of them.
    people = sa.select(Person.id).where(people_matching(text))
    communities = sa.select(Community.id).where(words_in_any(Community.name)(text))
    return sa.or_(Activity.person_id.in_(people), Activity.community_id.in_(communities))


def _moment(value: date | datetime) -> datetime:
    """A datetime in UTC; a plain date means its first moment (UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _since(value: date | datetime) -> sa.ColumnElement[bool]:
    return Activity.occurred_at >= _moment(value)


def _until(value: date | datetime) -> sa.ColumnElement[bool]:
    # A date is inclusive: the whole day counts. A datetime is an exact upper bound.
    if isinstance(value, datetime):
        return Activity.occurred_at <= _moment(value)
    return Activity.occurred_at < _moment(value + timedelta(days=1))


# Named filters the Activity page sets (values: ids, enum members or their values, dates).
FILTERS: dict[str, Callable[[Any], sa.ColumnElement[bool]]] = {
    "person": lambda person_id: Activity.person_id == int(person_id),
    "community": lambda community_id: Activity.community_id == int(community_id),
    # Served by ix_activities_platform_time: counts seek, pages come out in time order.
    "platform": lambda platform: Activity.platform == Platform(platform),
    "kind": lambda kind: Activity.kind == ActivityKind(kind),
    "since": _since,
    "until": _until,
}

ACTIVITIES = TableSpec(
    key="activities",
    source=Activity.__table__.join(_actor, Activity.person_id == _actor.c.id).outerjoin(
        Community.__table__, Activity.community_id == Community.id
    ),
    count_source=Activity.__table__,
    row_id=Activity.id,
    matching=_activities_matching,
    filters=FILTERS,
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
