"""One CommDesk per database: the lock file, a stale lock taken over, network drives."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from commdesk.store import Store, lock
from commdesk.store.lock import DatabaseLockedError

HOLD_THE_LOCK = r"""
import sys, time
from commdesk.store import Store
store = Store.open(sys.argv[1], exclusive=True)
print("locked", flush=True)
sys.stdin.readline()
store.close()
print("released", flush=True)
"""


def holder_process(db_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_process_is_refused_naming_the_first(db_path: Path) -> None:
    with holder_process(db_path) as child:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseLockedError) as refused:
            Store.open(db_path, exclusive=True)
        message = str(refused.value)
        assert f"process {child.pid}" in message and socket.gethostname() in message
        assert refused.value.holder.pid == child.pid
        # Refused means untouched: the lock still names the first process.
        holder = lock.read_holder(db_path)
        assert holder is not None and holder.pid == child.pid
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=30)
    assert not lock.lock_path(db_path).exists()
    Store.open(db_path, exclusive=True).close()  # free again once the first one closed


def test_a_lock_left_by_a_killed_process_is_taken_over(db_path: Path) -> None:
    with holder_process(db_path) as child:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        child.kill()
        child.wait(timeout=30)
    assert lock.read_holder(db_path) is not None  # the dead process left its lock behind
    store = Store.open(db_path, exclusive=True)
    try:
        holder = lock.read_holder(db_path)
        assert holder is not None and holder.pid == os.getpid()
    finally:
        store.close()
    assert not lock.lock_path(db_path).exists()


def test_the_same_process_may_open_a_database_twice(db_path: Path) -> None:
    first = Store.open(db_path, exclusive=True)
    second = Store.open(db_path, exclusive=True)
    second.close()
    assert lock.lock_path(db_path).exists()  # the first still holds it
    first.close()
    assert not lock.lock_path(db_path).exists()


def test_a_lock_from_another_host_is_respected(db_path: Path) -> None:
    lock.lock_path(db_path).write_text(
        json.dumps({"pid": 1, "host": "laptop-of-someone-else", "started": "2026-11-26T09:00"})
    )
    with pytest.raises(DatabaseLockedError, match="laptop-of-someone-else"):
        Store.open(db_path, exclusive=True)
    assert not db_path.exists()  # refused before anything was created


def test_a_refused_file_leaves_no_lock_behind(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_bytes(b"plain text, not a database\n")
    with pytest.raises(Exception, match="not a CommDesk database"):
        Store.open(notes, exclusive=True)
    assert not lock.lock_path(notes).exists()


def test_network_drives_are_recognised(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "share"
    share.mkdir()
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//server/team {share} cifs rw,relatime 0 0\n")
    warning = lock.network_drive_warning(share / "commdesk.sqlite", mounts)
    assert warning is not None and "network drive (cifs)" in warning
    assert lock.network_drive_warning(tmp_path / "local.sqlite", mounts) is None
