"""One CommDesk per database: a lock file beside it, and a warning for network drives.

The lock file ``<database>.lock`` holds who has the database open (process id, host, start
time) as JSON. It is created with ``O_CREAT | O_EXCL``, so two processes can never both
create it. A lock whose process is gone (killed, crashed) on this host is taken over. Within
one process the lock is shared: opening the same file twice there is not "a second app".
"""

from __future__ import annotations

import json
import os
import socket
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from commdesk.errors import StoreError

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "smb3", "fuse.sshfs", "sshfs", "9p", "afs"}
)


class DatabaseLockedError(StoreError):
    """Another CommDesk has the database open."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__(
            f"{path} is already open in another CommDesk ({holder.describe()}). "
            "Close it there first, or open another file."
        )
        self.path = path
        self.holder = holder


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    started: str

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.started}"

    def is_alive(self) -> bool:
        """False only when we know the process is gone: on this host and no such pid."""
        if self.host != socket.gethostname():
            return True  # another machine: we cannot tell, so assume it is running
        if self.pid == os.getpid():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # exists, owned by someone else
        return True


_held: dict[Path, int] = {}  # lock file -> how many Stores of this process hold it
_guard = threading.Lock()


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def read_holder(database: Path) -> LockHolder | None:
    """Who holds the lock on ``database``, or None (no lock, or an unreadable one)."""
    return read_holder_file(lock_path(database))


def acquire(database: Path) -> Path:
    """Take the lock on ``database`` for this process, or raise :class:`DatabaseLockedError`."""
    path = lock_path(database.resolve())
    with _guard:
        if path in _held:
            _held[path] += 1
            return path
        for _attempt in range(3):
            if _create(path):
                _held[path] = 1
                return path
            holder = read_holder(database.resolve())
            if holder is not None and holder.is_alive():
                if holder.pid == os.getpid() and holder.host == socket.gethostname():
                    # Our own lock, left by a Store that was never closed: still ours.
                    _held[path] = 1
                    return path
                raise DatabaseLockedError(database, holder)
            _take_over(path, holder)
        raise StoreError(f"Cannot lock {database}: the lock file {path} keeps changing.")


def release(database: Path) -> None:
    path = lock_path(database.resolve())
    with _guard:
        count = _held.get(path, 0)
        if count > 1:
            _held[path] = count - 1
            return
        _held.pop(path, None)
        if count == 1:
            holder = read_holder(database.resolve())
            if holder is None or (
                holder.pid == os.getpid() and holder.host == socket.gethostname()
            ):
                path.unlink(missing_ok=True)


def _create(path: Path) -> bool:
    facts = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
    }
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StoreError(f"Cannot lock the database: {path} cannot be created ({exc}).") from exc
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(facts, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def _take_over(path: Path, stale: LockHolder | None) -> None:
    """Remove a lock left by a process that is gone, unless it changed meanwhile."""
    # Rename first: of two processes taking over the same stale lock, only one rename wins,
    # and the loser's next O_EXCL create then finds the winner's fresh lock.
    aside = path.with_name(f"{path.name}.stale-{os.getpid()}")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return
    moved = read_holder_file(aside)
    if moved is not None and stale is not None and moved != stale:
        # Someone else's fresh lock: put it back (a live holder is never pushed out).
        os.replace(aside, path)
        return
    aside.unlink(missing_ok=True)


def read_holder_file(path: Path) -> LockHolder | None:
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(int(facts["pid"]), str(facts["host"]), str(facts["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The file system type of the mount holding ``path`` (Linux /proc/mounts), or None."""
    try:
        mounts = mounts_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    target = path.resolve()
    best: tuple[int, str] | None = None
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(fields[1].replace("\\040", " "))
        if target == point or point in target.parents:
            depth = len(point.parts)
            if best is None or depth > best[0]:
                best = (depth, fields[2])
    return best[1] if best else None


def network_drive_warning(database: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """A warning when ``database`` lives on a network file system, else None."""
    kind = filesystem_type(database if database.exists() else database.parent, mounts_file)
    if kind is None or kind.lower() not in NETWORK_FILESYSTEMS:
        return None
    return (
        f"{database} is on a network drive ({kind}). SQLite databases can be damaged when "
        "used over a network; keep the file on this computer's disk and back it up instead."
    )
