"""The desktop side of sync: the window keeps working while a slow server answers, Cancel keeps
what was stored, and the schedule retries an offline account once it is back."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from commdesk.credentials import CredentialStore, Secret, use_store
from commdesk.domain import PlatformAccount, SyncStatus
from commdesk.domain.base import utc_now
from commdesk.domain.enums import Platform
from commdesk.gui.context import AppContext
from commdesk.gui.platforms.syncing import SyncController, SyncOutcome, controller_for, sync_now
from commdesk.gui.tasks import TaskRunner
from commdesk.store import Store
from commdesk.sync.schedule import due_accounts
from tests.fixtures.sync.accounts import TOKEN, account_row, add_account, counts
from tests.fixtures.sync.platform_server import PlatformServer, Reply, Request, running
from tests.integration.test_sync_mastodon import ME, serve_mastodon


@pytest.fixture(autouse=True)
def _session_keyring() -> Iterator[None]:
    use_store(CredentialStore.session_only())
    yield
    use_store(None)


@pytest.fixture
def context(store: Store) -> Iterator[AppContext]:
    tasks = TaskRunner()
    yield AppContext(store, tasks)
    tasks.shutdown()


def _with_secret(store: Store, account_id: int) -> None:
    from commdesk.credentials import current_store

    with store.read() as session:
        account = session.get(PlatformAccount, account_id)
        assert account is not None
        current_store().set(account.credential_key, Secret(TOKEN))


def _slow(server: PlatformServer, path: str, seconds: float) -> None:
    normal = server.routes[path]

    def slow(request: Request) -> Reply:
        reply = normal(request)
        reply.delay = seconds
        return reply

    server.routes[path] = slow


def _ok(outcomes: list[SyncOutcome]) -> bool:
    return bool(outcomes) and outcomes[0].status is SyncStatus.OK


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_event_loop_runs_while_a_slow_server_answers(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    with running() as server:
        serve_mastodon(server)
        _slow(server, f"{ME}/followers", 0.4)  # four pages: 1.6 s of waiting
        account = add_account(store, Platform.MASTODON, server.url)
        _with_secret(store, account)
        controller = SyncController(context)
        ticks: list[int] = []
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        changed: list[str] = []
        context.changed.connect(changed.append)

        with qtbot.waitSignal(controller.finished, timeout=20_000) as done:
            assert controller.sync([account]) is not None
            assert controller.running
            assert controller.sync([account]) is None  # one sync at a time
        timer.stop()

    assert len(ticks) >= 30  # the GUI thread kept serving timers during 1.6 s of network
    outcomes: list[SyncOutcome] = done.args[0]
    assert [(o.account_id, o.status) for o in outcomes] == [(account, SyncStatus.OK)]
    assert "7 new people" in outcomes[0].message
    assert {"accounts", "people", "activities"} <= set(changed)
    assert not controller.running
    assert counts(store) == (7, 7, 5)


def test_cancel_stops_after_the_page_in_hand_and_keeps_it(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    with running() as server:
        serve_mastodon(server)
        _slow(server, f"{ME}/followers", 0.5)
        account = add_account(store, Platform.MASTODON, server.url)
        _with_secret(store, account)
        controller = SyncController(context)
        task = controller.sync([account])
        assert task is not None
        qtbot.waitUntil(lambda: len(server.hits(f"{ME}/followers")) >= 1, timeout=5000)
        with qtbot.waitSignal(task.cancelled, timeout=10_000):
            task.cancel()
        qtbot.waitUntil(lambda: not controller.running, timeout=5000)

    people, _, activities = counts(store)
    assert 0 < people < 7 and activities == 0
    cursor = json.loads(account_row(store, account).sync_cursor or "{}")
    assert "next" in cursor["followers"]  # the next sync resumes there


def test_the_schedule_retries_an_offline_account_once_it_is_back(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    port = _free_port()
    account = add_account(store, Platform.MASTODON, f"http://127.0.0.1:{port}")
    _with_secret(store, account)
    controller = SyncController(context, retry_minutes=0, tick_ms=50)

    with qtbot.waitSignal(controller.finished, timeout=10_000) as offline:
        controller.start_schedule()  # never synced and no interval: only Sync now runs it...
        controller.sync([account])
    assert [o.status for o in offline.args[0]] == [SyncStatus.OFFLINE]

    with running(port) as server:  # the network is back
        serve_mastodon(server)
        # ...and the schedule retries the offline account by itself (a retry that began
        # before the server was up may report offline once more first).
        with qtbot.waitSignal(controller.finished, timeout=10_000, check_params_cb=_ok) as back:
            pass
        controller.stop_schedule()

    assert [o.status for o in back.args[0]] == [SyncStatus.OK]
    assert account_row(store, account).sync_status is SyncStatus.OK
    assert counts(store) == (7, 7, 5)


def test_accounts_are_due_on_their_interval(store: Store) -> None:
    hourly = add_account(store, Platform.GITHUB, "https://github.com", "hourly")
    manual = add_account(store, Platform.GITHUB, "https://github.com", "manual")
    with store.session() as session:
        row = session.get(PlatformAccount, hourly)
        assert row is not None
        row.sync_interval_minutes = 60
        row.last_sync_at = utc_now() - timedelta(minutes=30)
    now = utc_now()

    assert due_accounts(store, now, {}) == []
    assert due_accounts(store, now + timedelta(minutes=31), {}) == [hourly]
    assert (
        due_accounts(store, now + timedelta(minutes=31), {hourly: now + timedelta(minutes=1)}) == []
    )
    assert manual not in due_accounts(store, now + timedelta(days=9), {})


def test_sync_now_uses_the_contexts_one_controller_and_shows_progress(
    qtbot: QtBot, context: AppContext, store: Store
) -> None:
    from PySide6.QtWidgets import QProgressDialog, QWidget

    with running() as server:
        serve_mastodon(server)
        _slow(server, f"{ME}/followers", 0.3)
        account = add_account(store, Platform.MASTODON, server.url)
        _with_secret(store, account)
        window = QWidget()
        qtbot.addWidget(window)
        window.show()
        controller = controller_for(context)
        assert controller_for(context) is controller

        with qtbot.waitSignal(controller.finished, timeout=20_000):
            task = sync_now(context, [account], window)
            assert task is not None
            qtbot.waitUntil(lambda: window.findChild(QProgressDialog) is not None, timeout=5000)
            dialog = window.findChild(QProgressDialog)
            assert dialog is not None
            qtbot.waitUntil(dialog.isVisible, timeout=5000)
            assert "Followers" in dialog.labelText() or "Connecting" in dialog.labelText()
        controller.stop_schedule()

    assert account_row(store, account).sync_status is SyncStatus.OK


def test_an_account_left_syncing_by_a_killed_app_is_shown_interrupted(
    context: AppContext, store: Store
) -> None:
    account = add_account(store, Platform.GITHUB, "https://github.com", "killed")
    with store.session() as session:
        row = session.get(PlatformAccount, account)
        assert row is not None
        row.sync_status = SyncStatus.SYNCING

    controller_for(context).stop_schedule()

    row = account_row(store, account)
    assert row.sync_status is SyncStatus.FAILED
    assert "interrupted" in (row.last_error or "")
