"""The automatic backups of a database: their names, when one is due, and their rotation.

Backups live in the backup folder (:func:`commdesk.paths.backup_dir`) as
``<database stem>-[<reason>-]<YYYYmmdd-HHMMSS>.sqlite``, the time in UTC. A name with a
reason (``daily``, ``before-migration-0003``, ``before-import`` …) was made automatically
and is rotated; one without (File > Back up…) was made by the person and is never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from commdesk import paths
from commdesk.store.backup import backup_file

STAMP = "%Y%m%d-%H%M%S"
_TAIL = re.compile(r"^(?:(?P<reason>[a-z][a-z0-9-]*?)-)?(?P<stamp>\d{8}-\d{6})\.sqlite$")
_REASON = re.compile(r"[^a-z0-9]+")

# How many of the newest backups each rotation tier keeps.
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
KEEP_NEWEST = 3  # whatever their day: the backup just taken before a bulk change survives
DAILY_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class BackupName:
    path: Path
    made: datetime
    reason: str | None

    @property
    def automatic(self) -> bool:
        return self.reason is not None


def parse(path: Path, stem: str) -> BackupName | None:
    """The backup of database ``stem`` that ``path`` names, or None for another file."""
    prefix = stem + "-"
    if not path.name.startswith(prefix):
        return None
    match = _TAIL.match(path.name[len(prefix) :])
    if match is None:
        return None
    made = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
    return BackupName(path, made, match["reason"])


def backups_of(database: Path, folder: Path | None = None) -> list[BackupName]:
    """The backups of ``database`` in the backup folder, newest first."""
    folder = folder or paths.backup_dir()
    if not folder.is_dir():
        return []
    found = [parse(p, database.stem) for p in folder.iterdir() if p.is_file()]
    return sorted((b for b in found if b is not None), key=lambda b: b.made, reverse=True)


def take(database: Path, reason: str, *, now: datetime | None = None) -> Path:
    """Copy ``database`` into the backup folder now, then rotate its automatic backups."""
    folder = paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    label = _REASON.sub("-", reason.lower()).strip("-") or "auto"
    target = folder / f"{database.stem}-{label}-{moment.strftime(STAMP)}.sqlite"
    number = 2
    while target.exists():  # two backups in one second: keep both
        target = folder / f"{database.stem}-{label}-{number}-{moment.strftime(STAMP)}.sqlite"
        number += 1
    written = backup_file(database, target)
    rotate(database)
    return written


def daily_due(database: Path, *, now: datetime | None = None) -> bool:
    """True when the newest backup of ``database`` is more than a day old (or there is none)."""
    newest = backups_of(database)
    moment = now or datetime.now(UTC)
    return not newest or moment - newest[0].made >= DAILY_INTERVAL


def keep(backups: list[BackupName]) -> set[Path]:
    """Which automatic backups the rotation keeps: the newest few, and the newest of each of
    the last 7 days, 4 ISO weeks and 6 months that have a backup."""
    automatic = sorted((b for b in backups if b.automatic), key=lambda b: b.made, reverse=True)
    kept = {b.path for b in automatic[:KEEP_NEWEST]}
    tiers = (
        (KEEP_DAILY, lambda b: b.made.date().isoformat()),
        (KEEP_WEEKLY, lambda b: "{}-W{:02d}".format(*b.made.isocalendar()[:2])),
        (KEEP_MONTHLY, lambda b: b.made.strftime("%Y-%m")),
    )
    for count, period in tiers:
        seen: list[str] = []
        for backup in automatic:  # newest first: the first of a period is its newest
            key = period(backup)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            kept.add(backup.path)
    return kept


def rotate(database: Path) -> list[Path]:
    """Delete the automatic backups of ``database`` that the rotation no longer keeps."""
    backups = backups_of(database)
    kept = keep(backups)
    removed = []
    for backup in backups:
        if backup.automatic and backup.path not in kept:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed
