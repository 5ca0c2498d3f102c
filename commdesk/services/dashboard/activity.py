"""When the community is active: activities per hour of the range, read in one grouped query,
then summed in Python into the engagement chart's buckets and the weekday x hour heatmap.

The hours come from the summaries the triggers keep (``activity_hours``, and
``activity_role_hours`` when a role narrows or splits the chart): at most one row per hour and
series (under 100k rows for a year split by platform), whatever the number of activities
behind them. A local clock whose offset is not a whole number of hours (or a range before
1970) is not in hour steps of UTC: then the activity log itself is grouped, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from commdesk.domain import (
    Activity,
    ActivityCommunityHour,
    ActivityHour,
    ActivityRoleHour,
    ActivityRoleTotal,
    PersonRole,
)
from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.domain.summaries import ROLE_BITS, masks_holding_any
from commdesk.services.dashboard.query import (
    OCCURRED,
    Bucket,
    DashboardQuery,
    Split,
    activity_scope,
)
from commdesk.store import Store

TOTAL = "total"  # the one series of an unsplit chart
HOUR = 3600
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (local hour number since the epoch, series key, activities)
HourCount = tuple[int, str, int]


@dataclass(frozen=True)
class EngagementSeries:
    """Activities per bucket, one series per platform / role (or one total series)."""

    bucket: Bucket
    split: Split
    starts: tuple[date, ...]  # the first day of every bucket, in order, none missing
    series: tuple[tuple[str, tuple[int, ...]], ...]  # key (enum value or TOTAL), counts

    def total(self) -> tuple[int, ...]:
        return tuple(sum(c) for c in zip(*(v for _k, v in self.series), strict=True))

    def label(self, key: str) -> str:
        return series_label(self.split, key)


@dataclass(frozen=True)
class WeekHours:
    """Activities by local weekday (0 = Monday) and hour (0-23)."""

    counts: tuple[tuple[int, ...], ...]  # 7 rows of 24

    def busiest(self) -> tuple[int, int, int]:
        """The weekday, hour and count of the busiest hour of the week."""
        return max(
            ((d, h, n) for d, row in enumerate(self.counts) for h, n in enumerate(row)),
            key=lambda cell: (cell[2], -cell[0], -cell[1]),
        )


def series_label(split: Split, key: str) -> str:
    if split is Split.PLATFORM:
        return Platform(key).label
    if split is Split.ROLE:
        return StakeholderRole(key).label
    return "Activities"


def hourly_sql(query: DashboardQuery) -> sa.Select[int, str, int]:
    """The grouped query: activities per local hour and series key."""
    hour = ((OCCURRED + query.utc_offset) // HOUR).label("hour")
    if query.split is Split.ROLE:
        key: sa.SQLColumnExpression[Any] = PersonRole.role
        source: sa.FromClause = sa.join(
            Activity.__table__, PersonRole.__table__, PersonRole.person_id == Activity.person_id
        )
    elif query.split is Split.PLATFORM:
        key = Activity.platform
        source = Activity.__table__
    else:
        key = sa.literal(TOTAL)
        source = Activity.__table__
    series = sa.type_coerce(key, sa.String).label("series")
    return (
        sa.select(hour, series, sa.func.count().label("activities"))
        .select_from(source)
        .where(*activity_scope(query))
        .group_by(sa.text("1"), sa.text("2"))
    )


def summarised(query: DashboardQuery) -> bool:
    """True when the query's local hours are whole UTC hours the summaries can answer."""
    return query.utc_offset % HOUR == 0 and query.first_second + query.utc_offset >= 0


def summary_sql(query: DashboardQuery) -> sa.Select[int, str, int]:
    """:func:`hourly_sql`'s rows, summed from the hourly summaries."""
    if query.role is None and query.split is not Split.ROLE:
        if query.community_id is None:
            return _by_hour(query, ActivityHour, [])
        community = ActivityCommunityHour.community_id == query.community_id
        return _by_hour(query, ActivityCommunityHour, [community])
    # Every mask, narrowed to the role's: the primary key (roles, hour, ...) is then read
    # as one range of hours per mask.
    masks = masks_holding_any(list(StakeholderRole) if query.role is None else [query.role])
    table: type[ActivityRoleHour] | type[ActivityRoleTotal] = ActivityRoleHour
    where: list[sa.ColumnElement[bool]] = []
    if query.community_id is not None:
        where.append(ActivityRoleHour.community_id == query.community_id)
    elif query.platform is None and query.split is not Split.PLATFORM:
        table = ActivityRoleTotal  # all communities and platforms: the smaller summary
    if query.split is not Split.ROLE:
        return _by_hour(query, table, [table.roles.in_(masks), *where])
    # Split by role: one series per role, from the masks holding it (a person with two
    # roles is in both series, as in the raw join).
    parts = [
        _by_hour(
            query,
            table,
            [table.roles.in_(sorted(set(masks) & set(masks_holding_any([role])))), *where],
            key=role.value,
        )
        for role in ROLE_BITS
    ]
    union = sa.union_all(*parts).subquery("by_role")
    return sa.select(union.c.hour, union.c.series, union.c.activities)


def _by_hour(
    query: DashboardQuery,
    table: type[ActivityHour]
    | type[ActivityCommunityHour]
    | type[ActivityRoleHour]
    | type[ActivityRoleTotal],
    conditions: list[sa.ColumnElement[bool]],
    key: str | None = None,
) -> sa.Select[int, str, int]:
    shift = query.utc_offset // HOUR
    conditions = [
        *conditions,
        table.hour >= query.first_second // HOUR,
        table.hour < query.after_last_second // HOUR,
    ]
    # Only the role totals lack a platform, and they are read when none is asked for.
    platform = None if table is ActivityRoleTotal else table.platform  # type: ignore[union-attr]
    if query.platform is not None and platform is not None:
        conditions.append(platform == query.platform.value)
    series: sa.ColumnElement[str]
    if key is not None:
        series = sa.literal(key, sa.String)
    elif query.split is Split.PLATFORM and platform is not None:
        series = sa.type_coerce(platform, sa.String)
    else:
        series = sa.literal(TOTAL, sa.String)
    if table is ActivityHour and key is None and query.split is Split.PLATFORM:
        # One row per hour and platform already: read the range as it is stored.
        return sa.select((table.hour + shift).label("hour"), series.label("series"), table.n).where(
            *conditions
        )
    grouping: list[sa.orm.InstrumentedAttribute[Any]] = [table.hour]
    if key is None and query.split is Split.PLATFORM and platform is not None:
        grouping.append(platform)
    return (
        sa.select(
            (table.hour + shift).label("hour"),
            series.label("series"),
            sa.func.sum(table.n).label("activities"),
        )
        .where(*conditions)
        .group_by(*grouping)
    )


def read_hours(store: Store, query: DashboardQuery) -> list[HourCount]:
    """Activities per local hour and series key (see :func:`hourly_sql`)."""
    statement = summary_sql(query) if summarised(query) else hourly_sql(query)
    with store.read() as session:
        result = session.connection().execute(statement)
        # Up to one row per hour and series (70k for a year): the driver's own tuples
        # (integer, text, integer: nothing to convert), no Row built for each.
        try:
            return list(result.cursor.fetchall())
        finally:
            result.close()


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket is Bucket.WEEK:
        return day - timedelta(days=day.weekday())
    if bucket is Bucket.MONTH:
        return day.replace(day=1)
    return day


def bucket_starts(query: DashboardQuery) -> list[date]:
    """Every bucket touching the range, the first one possibly starting before it."""
    starts: list[date] = []
    day = bucket_start(query.start, query.bucket)
    while day <= query.end:
        starts.append(day)
        if query.bucket is Bucket.DAY:
            day += timedelta(days=1)
        elif query.bucket is Bucket.WEEK:
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


EPOCH = datetime(1970, 1, 1, tzinfo=UTC).date()


def engagement(query: DashboardQuery, hours: Iterable[HourCount]) -> EngagementSeries:
    """Sum the hourly counts into the query's buckets."""
    starts = bucket_starts(query)
    position = {start: n for n, start in enumerate(starts)}
    per_day: dict[tuple[int, str], int] = defaultdict(int)
    for hour, key, count in hours:
        per_day[hour // 24, key] += count
    sums: dict[str, list[int]] = {}
    for (day_number, key), count in per_day.items():
        start = bucket_start(EPOCH + timedelta(days=day_number), query.bucket)
        sums.setdefault(key, [0] * len(starts))[position[start]] += count
    order = _series_order(query.split)
    keys = sorted(sums, key=lambda k: order.get(k, len(order)))
    if not keys:
        keys = [TOTAL] if query.split is Split.NONE else []
    return EngagementSeries(
        bucket=query.bucket,
        split=query.split,
        starts=tuple(starts),
        series=tuple((k, tuple(sums.get(k, [0] * len(starts)))) for k in keys),
    )


def week_hours(hours: Iterable[HourCount]) -> WeekHours:
    """Fold the hourly counts onto one week (1970-01-01 was a Thursday: weekday 3)."""
    grid = [[0] * 24 for _ in range(7)]
    for hour, _key, count in hours:
        grid[(hour // 24 + 3) % 7][hour % 24] += count
    return WeekHours(tuple(tuple(row) for row in grid))


def _series_order(split: Split) -> dict[str, int]:
    members = Platform if split is Split.PLATFORM else StakeholderRole
    return {m.value: n for n, m in enumerate(members)}
