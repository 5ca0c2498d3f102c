"""Days of the demo world: day numbers, stored forms, and the rhythm activity follows.

A day number counts from the first day of the activity window (``DAY0``), so the window is
``0 .. WINDOW_DAYS - 1`` and earlier days are negative.

The world is always drawn on the same calendar (ending on ``END_DATE``), so a seed gives the
same world. It is written, though, as if it ended in the week it is built
(:func:`written_as_of`): every stored date moves forward by whole weeks, weekdays and all, so
that "the last 30 days" of a demo built today hold activity, not the silence after 2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from commdesk.demo.world import END_DATE, WINDOW_DAYS

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
ObjectArray = NDArray[np.object_]

DAY0 = END_DATE - timedelta(days=WINDOW_DAYS - 1)
EPOCH0 = int(datetime(DAY0.year, DAY0.month, DAY0.day, tzinfo=UTC).timestamp())
END_DAY = WINDOW_DAYS - 1
SECONDS_PER_DAY = 86_400

# Stored dates ('YYYY-MM-DD') looked up, not formatted, for a million rows.
_ISO_FIRST = date(2008, 1, 1)
_ISO_DAYS = (date(2049, 12, 31) - _ISO_FIRST).days + 1
_ISO: ObjectArray = np.array(
    [(_ISO_FIRST + timedelta(days=i)).isoformat() for i in range(_ISO_DAYS)], dtype=object
)
_ISO_OFFSET = (DAY0 - _ISO_FIRST).days


# Days every stored date is moved forward by (see written_as_of); 0 outside a build.
_SHIFT: ContextVar[int] = ContextVar("demo_date_shift", default=0)


def shift_for(today: date) -> int:
    """Whole weeks, in days, from ``END_DATE`` to the week holding ``today`` (never back)."""
    return max(0, (today - END_DATE).days) // 7 * 7


@contextmanager
def written_as_of(today: date) -> Iterator[int]:
    """Within it, stored dates are those of a world ending in the week of ``today``."""
    token = _SHIFT.set(shift_for(today))
    try:
        yield _SHIFT.get()
    finally:
        _SHIFT.reset(token)


def day_number(day: date) -> int:
    return (day - DAY0).days


def iso(days: IntArray) -> ObjectArray:
    """The stored text of each day number."""
    return _ISO[np.clip(days + _ISO_OFFSET + _SHIFT.get(), 0, _ISO_DAYS - 1)]


def iso_day(day: int) -> str:
    return str(_ISO[day + _ISO_OFFSET + _SHIFT.get()])


def epoch(days: Any) -> Any:
    """Unix seconds at midnight UTC of day numbers (an int or an array of them)."""
    return EPOCH0 + (days + _SHIFT.get()) * SECONDS_PER_DAY


# Relative activity on Monday .. Sunday: colleagues rest at weekends, customers a bit less so.
_WEEKDAY_INTERNAL = np.array([1.0, 1.1, 1.1, 1.0, 0.8, 0.1, 0.07])
_WEEKDAY_EXTERNAL = np.array([1.0, 1.05, 1.05, 1.0, 0.85, 0.45, 0.4])


def day_weights(internal: bool) -> FloatArray:
    """How busy each day of the window is: weekly rhythm, a summer and a late-December dip,
    and slow growth over the two years."""
    days = np.arange(WINDOW_DAYS)
    dates = np.datetime64(DAY0.isoformat(), "D") + days
    weekday = (DAY0.weekday() + days) % 7
    day_of_year = (dates - dates.astype("datetime64[Y]")).astype(np.int64)
    weekly = (_WEEKDAY_INTERNAL if internal else _WEEKDAY_EXTERNAL)[weekday]
    summer = 1.0 - 0.45 * np.exp(-(((day_of_year - 216) / 26.0) ** 2))
    holidays = np.where((day_of_year >= 353) | (day_of_year <= 1), 0.3, 1.0)
    growth = 0.7 + 0.6 * days / WINDOW_DAYS
    weights: FloatArray = weekly * summer * holidays * growth
    return weights


def cumulative(weights: FloatArray) -> FloatArray:
    """``c[k]`` is the weight of days before day ``k``; ``c[WINDOW_DAYS]`` the total."""
    out: FloatArray = np.concatenate(([0.0], np.cumsum(weights)))
    return out


def event_days() -> IntArray:
    """The second Thursday of every month: when user groups, councils and summits meet."""
    out = []
    year, month = DAY0.year, DAY0.month
    while date(year, month, 1) <= END_DATE + timedelta(days=31):
        first = date(year, month, 1)
        out.append(day_number(first + timedelta(days=(3 - first.weekday()) % 7 + 7)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return np.array(out, dtype=np.int64)
