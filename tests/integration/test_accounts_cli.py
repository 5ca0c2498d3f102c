"""``commdesk accounts ...``: in-process through main() with a session-only credential store, and
as separate processes against the real Secret Service (where secrets outlive a process)."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk import credentials
from commdesk.cli import main
from commdesk.credentials import CredentialStore, Secret
from commdesk.services.accounts import AccountService
from commdesk.store import Store
from tests.integration.keyrings import REQUIRED, secret_service_reason
from tests.whoami_server import whoami_server

TOKEN = "tok-cli-55e0c2"


@pytest.fixture(autouse=True)
def session_secrets() -> Iterator[CredentialStore]:
    store = CredentialStore.session_only()
    credentials.use_store(store)
    yield store
    credentials.use_store(None)
    logger = logging.getLogger("commdesk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def run(monkeypatch: pytest.MonkeyPatch, db: Path, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--db", str(db), *argv])


def add(monkeypatch: pytest.MonkeyPatch, db: Path, url: str, platform: str = "mastodon") -> int:
    return run(
        monkeypatch, db, "accounts", "add", "--platform", platform, "--url", url,
        "--username", "ada", stdin=TOKEN + "\n",
    )  # fmt: skip


def test_add_list_test_remove(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    session_secrets: CredentialStore,
) -> None:
    with whoami_server(TOKEN, "ada") as server:
        assert add(monkeypatch, db_path, server.url, "discourse") == 0
        assert "Added account 1: ada on 127.0.0.1" in capsys.readouterr().out
        assert run(monkeypatch, db_path, "accounts", "test", "1") == 0
        assert "Connected to 127.0.0.1" in capsys.readouterr().out
    assert run(monkeypatch, db_path, "accounts", "list", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["platform"] == "discourse"
    assert listed["status"] == "never"
    assert TOKEN.encode() not in db_path.read_bytes()
    key = f"{listed['id']}"
    assert run(monkeypatch, db_path, "accounts", "edit", key, "--label", "Forum") == 0
    assert run(monkeypatch, db_path, "accounts", "list") == 0
    assert "\tForum\t" in capsys.readouterr().out
    store = Store.open(db_path)
    try:
        credential_key = AccountService(store).get(listed["id"]).credential_key
    finally:
        store.close()
    assert session_secrets.get(credential_key) == Secret(TOKEN)
    assert run(monkeypatch, db_path, "accounts", "remove", key) == 0
    assert "and its secret" in capsys.readouterr().out
    assert session_secrets.get(credential_key) is None
    assert run(monkeypatch, db_path, "accounts", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_secret_is_never_an_argument(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(
            monkeypatch, db_path, "accounts", "add", "--platform", "github",
            "--url", "https://github.com", "--username", "ada", "--secret", TOKEN,
        )  # fmt: skip
    assert exited.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_bad_input_is_refused_before_the_secret_is_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert add(monkeypatch, db_path, "http://mastodon.example") == 1
    assert "url: plain http:// is only accepted for this computer" in capsys.readouterr().err
    assert sys.stdin.read() == TOKEN + "\n"  # not consumed
    assert run(monkeypatch, db_path, "accounts", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_empty_secret_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code = run(
        monkeypatch, db_path, "accounts", "add", "--platform", "github",
        "--url", "https://github.com", "--username", "ada", stdin="\n",
    )  # fmt: skip
    assert code == 1
    assert "No token or password was given" in capsys.readouterr().err


def test_an_unreachable_server_exits_3_offline(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert add(monkeypatch, db_path, f"http://127.0.0.1:{port}") == 0
    assert run(monkeypatch, db_path, "accounts", "test", "1") == 3
    assert "offline, will retry" in capsys.readouterr().err


def test_without_a_keyring_the_command_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert add(monkeypatch, db_path, "https://mastodon.example") == 0
    err = capsys.readouterr().err
    assert "secrets are kept for this session only" in err
    assert "commdesk accounts encrypted-store" in err


@pytest.mark.skipif(
    secret_service_reason() is not None and not os.environ.get(REQUIRED),
    reason=f"needs a Secret Service: {secret_service_reason()}",
)
def test_separate_processes_share_the_secret_through_the_secret_service(db_path: Path) -> None:
    command = [sys.executable, "-m", "commdesk", "--db", str(db_path), "accounts"]
    with whoami_server(TOKEN, "ada") as server:
        added = subprocess.run(
            [*command, "add", "--platform", "github", "--url", server.url, "--username", "ada"],
            input=TOKEN, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        tested = subprocess.run(
            [*command, "test", "1"], capture_output=True, text=True, timeout=60, check=False
        )
        assert tested.returncode == 0, tested.stderr
        assert "as ada" in tested.stdout
        removed = subprocess.run(
            [*command, "remove", "1"], capture_output=True, text=True, timeout=60, check=False
        )
        assert removed.returncode == 0, removed.stderr


def test_the_encrypted_store_is_set_up_at_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert run(monkeypatch, db_path, "accounts", "encrypted-store", stdin="master\n") == 1
    assert "asked at a terminal only" in capsys.readouterr().err
    assert not credentials.encrypted_file_chosen()


def test_a_chosen_encrypted_store_without_a_terminal_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    path = credentials.encrypted_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    CredentialStore.encrypted_file(path, Secret("master"), work_factor=2)
    assert add(monkeypatch, db_path, "https://mastodon.example") == 0
    assert f"the encrypted store {path} needs its master password" in capsys.readouterr().err
