"""The Platforms section through its widgets: a real database, real credential stores (the
session-only one, the encrypted file, a keyring that never answers) and a local HTTP server."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commdesk import credentials, logs
from commdesk.credentials import CredentialStore, Secret, StoreKind
from commdesk.domain.platforms import SyncStatus
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.platforms.dialog import AccountDialog
from commdesk.gui.platforms.page import PlatformsPage
from commdesk.gui.sections import Section
from commdesk.services.accounts import AccountDraft, AccountService
from commdesk.services.communities import CommunityService
from commdesk.services.records import CommunityDraft
from tests.gui.conftest import Sample
from tests.integration.keyrings import BlockingKeyring
from tests.whoami_server import whoami_server

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TOKEN = "tok-gui-4b7e91"


@pytest.fixture(autouse=True)
def secrets() -> Iterator[CredentialStore]:
    store = CredentialStore.session_only()
    credentials.use_store(store)
    yield store
    credentials.use_store(None)


def open_page(window: MainWindow, qtbot: QtBot) -> PlatformsPage:
    window.show_section(Section.PLATFORMS)
    page = window.page(Section.PLATFORMS)
    assert isinstance(page, PlatformsPage)
    qtbot.waitUntil(lambda: page.store_info is not None, timeout=5000)
    return page


def fill(dialog: AccountDialog, platform: str, url: str, username: str, secret: str) -> None:
    ui = dialog.ui
    ui.platformEdit.setCurrentIndex(ui.platformEdit.findData(platform))
    ui.urlEdit.setText(url)
    ui.usernameEdit.setText(username)
    ui.secretEdit.setText(secret)


def test_without_a_keyring_the_page_says_so_and_keeps_working(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_page(window, qtbot)
    banner = page.bar_ui.keyringBanner
    qtbot.waitUntil(banner.isVisible)
    assert "No system keyring is available" in page.bar_ui.bannerLabel.text()
    assert page.bar_ui.encryptedButton.text() == "Use an encrypted file…"
    assert page.bar_ui.addButton.isEnabled()
    assert not page.bar_ui.testButton.isEnabled()  # nothing selected yet
    assert not page.bar_ui.syncButton.isEnabled()


def test_adding_an_account_keeps_the_secret_out_of_the_database(
    window: MainWindow, qtbot: QtBot, sample: Sample, secrets: CredentialStore
) -> None:
    page = open_page(window, qtbot)
    seen: list[AccountDialog] = []

    def fill_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AccountDialog)
        seen.append(dialog)
        assert dialog.ui.secretEdit.echoMode() is QLineEdit.EchoMode.Password
        fill(dialog, "github", "https://github.com", "ada", TOKEN)
        dialog.ui.trackedEdit.setText("acme/widgets")
        dialog.save()

    QTimer.singleShot(0, fill_and_save)
    page.bar_ui.addButton.click()
    assert seen and seen[0].saved_id is not None
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    record = AccountService(sample.store).get(seen[0].saved_id)
    assert (record.label, record.settings["repository"]) == ("ada on github.com", "acme/widgets")
    assert secrets.get(record.credential_key) == Secret(TOKEN)
    assert sample.store.path is not None
    assert TOKEN.encode() not in sample.store.path.read_bytes()
    assert page.selected_ids() == [record.id]
    assert "Added ada on github.com" in page.bar_ui.resultLabel.text()


def test_bad_input_shows_the_field_error_and_stores_nothing(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    page = open_page(window, qtbot)
    dialog = AccountDialog(page.context, page.service, page.store_info, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, "mastodon", "http://mastodon.example", "ada", TOKEN)
    dialog.save()
    assert dialog.ui.urlError.isVisible()
    assert "only accepted for this computer" in dialog.ui.urlError.text()
    fill(dialog, "mastodon", "https://mastodon.example", "ada", "")
    dialog.save()
    assert "Enter the token" in dialog.ui.secretError.text()
    assert not dialog.ui.urlError.isVisible()
    assert dialog.saved_id is None
    assert AccountService(sample.store).accounts() == []


def test_reveal_shows_the_stored_secret_only_when_asked(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    service = AccountService(sample.store)
    account = service.add(AccountDraft("mastodon", "https://m.example", "ada"), Secret(TOKEN))
    page = open_page(window, qtbot)
    dialog = AccountDialog(page.context, page.service, page.store_info, service.get(account), page)
    qtbot.addWidget(dialog)
    dialog.show()
    secret_edit = dialog.ui.secretEdit
    assert secret_edit.text() == ""  # not even loaded until Reveal
    assert secret_edit.echoMode() is QLineEdit.EchoMode.Password
    dialog.ui.revealButton.click()
    qtbot.waitUntil(lambda: secret_edit.text() == TOKEN, timeout=5000)
    assert secret_edit.echoMode() is QLineEdit.EchoMode.Normal
    dialog.ui.revealButton.click()
    assert secret_edit.echoMode() is QLineEdit.EchoMode.Password


def test_renaming_in_the_dialog_keeps_the_secret(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    service = AccountService(sample.store)
    account = service.add(AccountDraft("discourse", "https://f.example", "ada"), Secret(TOKEN))
    page = open_page(window, qtbot)
    dialog = AccountDialog(page.context, page.service, page.store_info, service.get(account), page)
    qtbot.addWidget(dialog)
    dialog.ui.labelEdit.setText("The forum")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert service.get(account).label == "The forum"
    assert service.secret(account) == Secret(TOKEN)


def test_test_connection_and_remove_from_the_page(
    window: MainWindow,
    qtbot: QtBot,
    sample: Sample,
    secrets: CredentialStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = AccountService(sample.store)
    with whoami_server(TOKEN, "ada") as server:
        account = service.add(AccountDraft("mastodon", server.url, "ada"), Secret(TOKEN))
        key = service.get(account).credential_key
        page = open_page(window, qtbot)
        page.refresh()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1)
        page.select_account(account)
        assert page.bar_ui.testButton.isEnabled()
        page.bar_ui.testButton.click()
        qtbot.waitUntil(lambda: "Connected to" in page.bar_ui.resultLabel.text(), timeout=10000)
    assert page.bar_ui.resultLabel.text().startswith("✓ Connected to 127.0.0.1")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
    )
    page.bar_ui.removeButton.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    assert secrets.get(key) is None
    assert "and its secret" in page.bar_ui.resultLabel.text()


def test_a_keyring_that_never_answers_does_not_freeze_the_window(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    ring = BlockingKeyring()
    credentials.use_store(CredentialStore(ring, StoreKind.SYSTEM, timeout=1.0))
    try:
        page = open_page(window, qtbot)
        dialog = AccountDialog(page.context, page.service, page.store_info, None, page)
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog, "github", "https://github.com", "ada", TOKEN)
        ticks: list[float] = []
        timer = QTimer(dialog)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(50)
        started = time.monotonic()
        dialog.save()
        assert time.monotonic() - started < 0.5  # save() returned at once
        assert not dialog.ui.buttonBox.isEnabled()
        qtbot.waitUntil(lambda: "did not answer" in dialog.ui.generalError.text(), timeout=5000)
        assert len(ticks) >= 10  # the event loop kept running while the keyring hung
        assert dialog.ui.buttonBox.isEnabled()
        assert TOKEN not in dialog.ui.generalError.text()
        assert AccountService(sample.store).accounts() == []
    finally:
        ring.release.set()


def test_opting_into_the_encrypted_file(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    page = open_page(window, qtbot)
    qtbot.waitUntil(page.bar_ui.keyringBanner.isVisible)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: ("master pw", True))
    page.bar_ui.encryptedButton.click()
    qtbot.waitUntil(lambda: not page.bar_ui.keyringBanner.isVisible(), timeout=20000)
    assert credentials.current_store().kind is StoreKind.ENCRYPTED_FILE
    assert (data_dir / credentials.ENCRYPTED_FILE_NAME).is_file()
    assert "encrypted file" in page.bar_ui.resultLabel.text()


def test_sync_now_hands_the_selected_account_to_the_sync(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    with socket.socket() as probe:  # a server that is not there: the account goes offline
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = AccountService(sample.store)
    account = service.add(
        AccountDraft("mastodon", f"http://127.0.0.1:{port}", "ada"), Secret(TOKEN)
    )
    page = open_page(window, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_account(account)
    assert page.bar_ui.syncButton.isEnabled()
    page.bar_ui.syncButton.click()
    qtbot.waitUntil(lambda: service.get(account).sync_status is SyncStatus.OFFLINE, timeout=20000)
    qtbot.waitUntil(lambda: not window.context.tasks.active, timeout=20000)


def test_the_secret_typed_in_the_window_leaks_nowhere(
    window: MainWindow,
    qtbot: QtBot,
    sample: Sample,
    settings: QSettings,
    tmp_path: Path,
) -> None:
    """The desktop half of the leak test: typed into the dialog, tested, copied as rows, the
    window closed (its state saved): no byte of the database, WAL, settings or log holds it."""
    log_path = logs.configure(logging.DEBUG)
    try:
        page = open_page(window, qtbot)
        with whoami_server(TOKEN, "ada") as server:
            dialog = AccountDialog(page.context, page.service, page.store_info, None, page)
            qtbot.addWidget(dialog)
            fill(dialog, "mastodon", server.url, "ada", TOKEN)
            dialog.ui.revealButton.click()  # shown in clear on screen: still nowhere else
            with qtbot.waitSignal(dialog.accepted, timeout=5000):
                dialog.save()
            page.refresh()
            qtbot.waitUntil(lambda: page.model.rowCount() == 1)
            page.select_account(dialog.saved_id or 0)
            page.bar_ui.testButton.click()
            qtbot.waitUntil(lambda: "Connected" in page.bar_ui.resultLabel.text(), timeout=10000)
        page.ui.tableView.selectAll()
        assert page.copy_selection()
        copied = QApplication.clipboard().text()
        assert "ada" in copied and TOKEN not in copied
        assert sample.store.path is not None
        wal = Path(f"{sample.store.path}-wal")
        assert wal.stat().st_size > 0
        scanned = [sample.store.path, wal]
        window.close()  # saves the window's state
        settings.sync()
        scanned += [p for p in tmp_path.rglob("*") if p.is_file() and p not in scanned]
        assert log_path is not None and log_path in scanned
        assert Path(settings.fileName()) in scanned
        for path in scanned:
            assert TOKEN.encode() not in path.read_bytes(), f"the secret is in {path}"
    finally:
        logger = logging.getLogger("commdesk")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


def test_what_to_sync_and_where_its_activity_goes(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    forum = CommunityService(sample.store).create(CommunityDraft("Widget users"))
    page = open_page(window, qtbot)
    dialog = AccountDialog(page.context, page.service, page.store_info, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, "github", "https://github.com", "ada", TOKEN)
    dialog.ui.trackedEdit.setText("acme/widgets/extra")
    dialog.save()
    assert "write an organisation (acme)" in dialog.ui.trackedError.text()
    dialog.ui.trackedEdit.setText("acme, acme/widgets")
    dialog.ui.communityEdit.setText("Widget")
    dialog.save()
    assert "choose a community from the suggestions" in dialog.ui.communityError.text()
    dialog.community.suggest()
    dialog.community.choose_row(0)
    assert dialog.community.record_id == forum
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    service = AccountService(sample.store)
    record = service.get(dialog.saved_id or 0)
    assert dict(record.settings) == {
        "org": "acme",
        "repository": "acme/widgets",
        "community_id": forum,
    }
    edit = AccountDialog(page.context, page.service, page.store_info, record, page)
    qtbot.addWidget(edit)
    assert edit.ui.trackedEdit.text() == "acme, acme/widgets"
    assert edit.ui.communityEdit.text() == "Widget users"
    edit.ui.trackedEdit.setText("acme")
    edit.ui.communityEdit.clear()
    with qtbot.waitSignal(edit.accepted, timeout=5000):
        edit.save()
    assert dict(service.get(record.id).settings) == {"org": "acme"}


def test_selecting_a_failed_account_says_why(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    service = AccountService(sample.store)
    failed = service.add(AccountDraft("discourse", "https://f.example", "ada"), None)
    fine = service.add(AccountDraft("discourse", "https://g.example", "ada"), None)
    with sample.store.session() as session:
        session.execute(
            text(
                "UPDATE platform_accounts SET sync_status = 'failed',"
                " last_error = 'f.example answered HTTP 500' WHERE id = :id"
            ),
            {"id": failed},
        )
    page = open_page(window, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.select_account(failed)
    assert page.bar_ui.resultLabel.text() == "✗ Failed: f.example answered HTTP 500"
    page.select_account(fine)
    assert page.bar_ui.resultLabel.text() == ""
