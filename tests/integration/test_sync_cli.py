"""``commdesk sync [ID]`` in-process, with the secret in the credential store and a real local
HTTP server playing the platform."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk.cli import main
from commdesk.credentials import CredentialStore, Secret, use_store
from commdesk.domain import PlatformAccount, SyncStatus
from commdesk.domain.enums import Platform
from commdesk.store import Store
from tests.fixtures.sync.accounts import TOKEN, account_row, add_account, counts
from tests.fixtures.sync.platform_server import PlatformServer, running
from tests.integration.test_sync_mastodon import serve_mastodon


@pytest.fixture(autouse=True)
def _session_keyring() -> Iterator[CredentialStore]:
    credentials = CredentialStore.session_only()
    use_store(credentials)
    yield credentials
    use_store(None)


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_mastodon(started)
        yield started


def _with_secret(store: Store, account_id: int) -> None:
    with store.read() as session:
        account = session.get(PlatformAccount, account_id)
        assert account is not None
        key = account.credential_key
    from commdesk.credentials import current_store

    current_store().set(key, Secret(TOKEN))


def test_sync_one_account_prints_what_it_added(
    store: Store, db_path: Path, server: PlatformServer, capsys: pytest.CaptureFixture[str]
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    _with_secret(store, account)

    code = main(["--db", str(db_path), "sync", str(account)])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert "7 new people, 6 matched, 5 new activities" in out
    assert "Done" in err  # the progress
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in out + err
    assert counts(store) == (7, 7, 5)


def test_offline_accounts_are_reported_and_the_others_still_sync(
    store: Store, db_path: Path, server: PlatformServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = add_account(store, Platform.MASTODON, f"http://127.0.0.1:{port}", "down")
    up = add_account(store, Platform.MASTODON, server.url)
    _with_secret(store, down)
    _with_secret(store, up)

    code = main(["--db", str(db_path), "sync"])

    out, err = capsys.readouterr()
    assert code == 3
    assert f"#{down} Mastodon down@http://127.0.0.1:{port}: offline, will retry" in err
    assert f"#{up} Mastodon commdesk@{server.url}: 7 new people" in out
    assert account_row(store, down).sync_status is SyncStatus.OFFLINE
    assert account_row(store, up).sync_status is SyncStatus.OK


def test_a_failing_account_exits_non_zero_with_the_reason(
    store: Store, db_path: Path, server: PlatformServer, capsys: pytest.CaptureFixture[str]
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    _with_secret(store, account)
    del server.routes["/api/v1/accounts/verify_credentials"]

    code = main(["--db", str(db_path), "sync"])

    err = capsys.readouterr().err
    assert code == 1
    assert "failed — " in err and "/api/v1/accounts/verify_credentials (HTTP 404)" in err


def test_an_unknown_account_is_named(
    store: Store, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "sync", "42"]) == 1
    assert "No platform account with id 42" in capsys.readouterr().err
