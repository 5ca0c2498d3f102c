"""THE LEAK TEST: a known secret, used the way a person uses the app, appears in none of the
bytes CommDesk writes — the database, its WAL, a backup, every command's output, the log file
at DEBUG — nor in anything else under its data, log and backup folders.

It runs with the credential store the app itself picks: the Secret Service under
tools/with_keyring.sh (and in CI), the session-only store elsewhere.
"""

from __future__ import annotations

import base64
import contextlib
import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk import credentials, logs, paths
from commdesk.cli import main
from commdesk.credentials import Secret
from commdesk.errors import CommDeskError
from commdesk.services.accounts import AccountDraft, AccountService
from commdesk.store import Store
from tests.whoami_server import whoami_server

SECRET = "s3cr3t-LEAK-canary-7f41d09b"
OTHER = "s3cr3t-LEAK-second-c2a8e5"


def forms(secret: str) -> list[bytes]:
    """The ways a secret could sit in a file: as text, UTF-16, or base64."""
    raw = secret.encode()
    return [raw, secret.encode("utf-16-le"), base64.b64encode(raw), base64.b64encode(raw)[:-2]]


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    logger = logging.getLogger("commdesk")
    level = logger.level
    path = logs.configure(logging.DEBUG)
    assert path is not None
    yield path
    logger.setLevel(level)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@pytest.fixture(autouse=True)
def app_store() -> Iterator[None]:
    credentials.use_store(None)  # detect as the app does
    yield
    credentials.use_store(None)


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str,
        stdin: str = "") -> tuple[int, str]:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_secret_is_nowhere_but_the_keyring(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    db_path: Path,
    debug_log: Path,
) -> None:
    data_dir = paths.data_dir()
    (tmp_path / "exports").mkdir()
    outputs: list[str] = []
    db = ["--db", str(db_path)]
    store = Store.open(db_path)  # held open all along, so the WAL is still there to read
    try:
        service = AccountService(store)
        with whoami_server(SECRET, "ada") as server:
            # Add one account on the command line (secret on stdin), one through the service.
            code, out = cli(
                monkeypatch, capsys, *db, "accounts", "add", "--platform", "mastodon",
                "--url", server.url, "--username", "ada", "--label", "Canary", stdin=SECRET,
            )  # fmt: skip
            assert code == 0, out
            outputs.append(out)
            github = service.add(AccountDraft("github", server.url, "ada"), Secret(SECRET))
            # Test both: a success, then a refusal (the server's answer to a wrong token).
            for argv in (["accounts", "test", "1"], ["accounts", "test", str(github)]):
                code, out = cli(monkeypatch, capsys, *db, *argv)
                assert code == 0, out
                outputs.append(out)
            service.update(github, AccountDraft("github", server.url, "ada"), Secret(OTHER))
            code, out = cli(monkeypatch, capsys, *db, "accounts", "test", str(github))
            assert code == 1 and "refused" in out
            outputs.append(out)
            # Every header the server saw carried it, so the test did use the secret.
            assert any(SECRET in str(request) for request in server.seen)
        # Edit (rename keeps the secret), list in every format, info, check, back up.
        for argv in (
            ["accounts", "edit", "1", "--label", "Renamed canary"],
            ["accounts", "list"],
            ["accounts", "list", "--json"],
            ["info", "--json"],
            ["check"],
            ["backup", str(tmp_path / "backup.sqlite")],
            ["backup", str(data_dir)],
            # Every export format.
            ["export", "table", "activities", "-o", str(tmp_path / "exports" / "activities.xlsx")],
            ["export", "table", "people", "-o", str(tmp_path / "exports" / "people.csv")],
            ["export", "people", "-o", str(tmp_path / "exports" / "people.xlsx")],
        ):
            code, out = cli(monkeypatch, capsys, *db, *argv)
            assert code == 0, out
            outputs.append(out)
        assert service.secret(1) == Secret(SECRET)
        logging.getLogger("commdesk.leaktest").debug("account %s", service.get(1))

        wal = Path(f"{db_path}-wal")
        assert wal.is_file() and wal.stat().st_size > 0
        written = [
            db_path,
            wal,
            tmp_path / "backup.sqlite",
            debug_log,
            *(path for path in data_dir.rglob("*") if path.is_file()),
            *(path for path in debug_log.parent.rglob("*") if path.is_file()),
            *(tmp_path / "exports").iterdir(),
        ]
        assert len(list((tmp_path / "exports").iterdir())) == 3
        assert debug_log.stat().st_size > 0
        assert any(p.suffix == ".sqlite" and p.parent == data_dir for p in written)
        for path in written:
            content = path.read_bytes()
            for secret in (SECRET, OTHER):
                for form in forms(secret):
                    assert form not in content, f"the secret is in {path}"
        for out in outputs:
            assert SECRET not in out and OTHER not in out
        assert "Renamed canary" in "".join(outputs)  # the outputs are the real ones
        assert "Added mastodon account" in debug_log.read_text()
    finally:
        for account in service.accounts():  # leave nothing in the keyring
            with contextlib.suppress(CommDeskError):
                service.remove(account.id)
        store.close()
