"""How values read in the GUI: counts, dates and times in the user's locale."""

from __future__ import annotations

import functools
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

# The window's frame (sidebar counts, status bar) formats before the database is open: the
# table kinds and the domain's enums (SQLAlchemy with them) are imported by value_text only.
if TYPE_CHECKING:
    from commdesk.services.tables import ColumnKind

DATE_FORMAT = "d MMM yyyy"
TIME_FORMAT = "HH:mm"


def locale() -> QLocale:
    """The user's locale; an unset one ("C", "POSIX") reads as British English."""
    current = QLocale()
    if current.language() == QLocale.Language.C:
        return QLocale("en_GB")
    return current


def count_text(value: int) -> str:
    """5012 -> "5,012" (with the locale's group separator)."""
    return locale().toString(value)


def plural(value: int, singular: str, several: str) -> str:
    """ "1 person", "5,012 people"."""
    return f"{count_text(value)} {singular if value == 1 else several}"


def date_text(value: date) -> str:
    return locale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)


def local_datetime(value: datetime) -> QDateTime:
    """A stored (UTC) moment as a QDateTime in the computer's time zone."""
    moment = value.astimezone()  # to local time
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )


def timestamp_text(value: datetime, *, with_time: bool = True) -> str:
    """A stored moment in local time: "26 Nov 2026 14:05" (or just the date)."""
    return _timestamp_text(value, with_time, locale().name())


@functools.lru_cache(maxsize=4096)
def _timestamp_text(value: datetime, with_time: bool, _locale_name: str) -> str:
    # Remembered: a view repaints the same moments over and over, and each conversion to
    # local time asks the system for its time zone (a third of a sort's repaint, uncached).
    local = local_datetime(value)
    pattern = f"{DATE_FORMAT} {TIME_FORMAT}" if with_time else DATE_FORMAT
    return locale().toString(local, pattern)


def time_text(value: datetime) -> str:
    """The local time of day of a stored moment: "14:05"."""
    return locale().toString(local_datetime(value).time(), TIME_FORMAT)


def value_text(kind: ColumnKind, value: Any, *, with_time: bool = True) -> str:
    """A table cell as it reads: counts grouped, moments local, enums by their label."""
    from commdesk.domain.enums import LabelledEnum
    from commdesk.services.tables import ColumnKind

    if value is None:
        return ""
    if kind is ColumnKind.NUMBER:
        return count_text(int(value))
    if kind is ColumnKind.TIMESTAMP and isinstance(value, datetime):
        return timestamp_text(value, with_time=with_time)
    if kind is ColumnKind.DATE and isinstance(value, date):
        return date_text(value)
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, tuple):
        return ", ".join(v.label if isinstance(v, LabelledEnum) else str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def location_text(location: str) -> str:
    """A file location for reading: the home folder shortened to "~"."""
    home = str(Path.home())
    if home not in ("", "/") and (location == home or location.startswith(home + "/")):
        return "~" + location[len(home) :]
    return location
