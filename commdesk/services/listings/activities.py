"""The activity log table, read by time."""

from __future__ import annotations

import sqlalchemy as sa

from commdesk.domain import Activity, Community, Person
from commdesk.services.listings.people import people_matching
from commdesk.services.tables import ColumnKind, TableColumn, TableSpec, words_in_any

_actor = Person.__table__.alias("actor")


def _activities_matching(text: str) -> sa.ColumnElement[bool]:
    # Who (as the People filter finds them) or where: both reach the log through its indexes.
    # Titles are left out: a LIKE over millions of titles would read all of them.
    people = sa.select(Person.id).where(people_matching(text))
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
