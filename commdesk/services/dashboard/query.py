"""What the Overview is asked for: a date range and optional community, role and platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from commdesk.domain import Activity, PersonRole
from commdesk.domain.enums import LabelledEnum, Platform, StakeholderRole


class Bucket(LabelledEnum):
    """How long one step of the engagement chart is."""

    DAY = "day"
    WEEK = "week"  # weeks start on Monday
    MONTH = "month"


class Split(LabelledEnum):
    """What the engagement chart stacks its series by."""

    PLATFORM = "platform"
    ROLE = "role"  # a person with several roles counts in each
    NONE = "none"

    @property
    def label(self) -> str:
        return {"platform": "By platform", "role": "By role", "none": "Total"}[self.value]


@dataclass(frozen=True)
class DashboardQuery:
    """The days ``start``..``end`` (both included) in local time, and the narrowing filters.

    ``utc_offset`` is the local clock's offset from UTC in seconds: days and the hours of the
    weekday heatmap are counted on the manager's clock, not on UTC's.
    """

    start: date
    end: date
    community_id: int | None = None
    role: StakeholderRole | None = None
    platform: Platform | None = None
    bucket: Bucket = Bucket.WEEK
    split: Split = Split.PLATFORM
    utc_offset: int = 0

    def __post_init__(self) -> None:
        # Values may arrive as their stored strings (a combo box's data): make them members.
        kinds: dict[str, type[LabelledEnum]] = {
            "bucket": Bucket,
            "split": Split,
            "role": StakeholderRole,
            "platform": Platform,
        }
        for name, kind in kinds.items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                object.__setattr__(self, name, kind(value))
        if self.end < self.start:
            raise ValueError(f"the range ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def last_days(cls, days: int, today: date | None = None, **filters: Any) -> DashboardQuery:
        """The ``days`` days up to and including ``today``."""
        end = today or date.today()
        return cls(start=end - timedelta(days=days - 1), end=end, **filters)

    @property
    def first_second(self) -> int:
        """The range's first second as stored (UTC epoch seconds)."""
        return _epoch(self.start) - self.utc_offset

    @property
    def after_last_second(self) -> int:
        return _epoch(self.end + timedelta(days=1)) - self.utc_offset

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# The stored epoch seconds, compared and bucketed as the integers they are.
OCCURRED: sa.ColumnElement[int] = sa.type_coerce(Activity.occurred_at, sa.Integer)


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def activity_scope(query: DashboardQuery) -> list[sa.ColumnElement[bool]]:
    """The conditions picking the activities the query is about (all on indexed columns)."""
    conditions: list[sa.ColumnElement[bool]] = [
        query.first_second <= OCCURRED,
        query.after_last_second > OCCURRED,
    ]
    if query.community_id is not None:
        conditions.append(Activity.community_id == query.community_id)
    if query.platform is not None:
        conditions.append(Activity.platform == query.platform)
    if query.role is not None:
        held = sa.select(PersonRole.person_id).where(PersonRole.role == query.role)
        conditions.append(Activity.person_id.in_(held))
    return conditions
