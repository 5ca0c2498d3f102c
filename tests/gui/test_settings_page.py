"""The Settings section: locations, backups listed with date and size, the theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from commdesk import paths
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.sections import Section
from commdesk.gui.settings import theme
from commdesk.gui.settings.backups import BackupListModel
from commdesk.gui.settings.page import SettingsPage
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def settings_page(window: MainWindow) -> SettingsPage:
    window.show_section(Section.SETTINGS)
    page = window.page(Section.SETTINGS)
    assert isinstance(page, SettingsPage)
    return page


@pytest.fixture(autouse=True)
def system_theme_after() -> object:
    yield None
    theme.apply(theme.Theme.SYSTEM)


def test_backups_are_listed_with_date_and_size(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = settings_page(window)
    assert page.backups.rowCount() == 0
    assert "No backups" in page.ui.backupSummaryLabel.text()
    assert not page.ui.backupView.isVisible()

    # "Back up now" asks where (the backup folder by default), then copies in the background.
    monkeypatch.setattr(
        "commdesk.gui.databases.QFileDialog.getSaveFileName",
        lambda _parent, _title, default, _filter: (default, ""),
    )
    with qtbot.waitSignal(window.databases.backedUp, timeout=10_000) as done:
        page.ui.backupButton.click()
    assert done.args[0].parent == paths.backup_dir()
    qtbot.waitUntil(lambda: page.backups.rowCount() == 1, timeout=2000)
    model = page.backups
    assert model.index(0, BackupListModel.FILE).data() == done.args[0].name
    assert model.index(0, BackupListModel.SIZE).data().endswith("KB")
    assert model.index(0, BackupListModel.DATE).data()
    assert page.ui.backupView.isVisible()
    assert page.ui.backupSummaryLabel.text().startswith("1 backup in the backup folder")


def test_theme_is_applied_and_remembered(
    app: QApplication, window: MainWindow, qtbot: QtBot, settings: QSettings, sample: Sample
) -> None:
    page = settings_page(window)
    combo = page.ui.themeCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Same as the system",
        "Light",
        "Dark",
    ]
    page.set_theme(theme.Theme.DARK)
    assert settings.value(theme.THEME_KEY) == "dark"
    assert theme.current_is_dark()
    dark_window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    page.set_theme(theme.Theme.LIGHT)
    assert not theme.current_is_dark()
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window) != dark_window
    page.set_theme(theme.Theme.DARK)
    window.close()

    # A new window reads the saved choice.
    theme.apply(theme.Theme.LIGHT)
    again = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(again)
    assert theme.current_is_dark()
    page_again = again.page(Section.SETTINGS)
    assert isinstance(page_again, SettingsPage)
    assert page_again.ui.themeCombo.currentText() == "Dark"


def test_the_scoring_section_is_shown_below_the_theme(window: MainWindow) -> None:
    page = settings_page(window)
    assert page.ui.scoringArea.isVisible()
    assert page.scoring is not None and page.scoring.title() == "Engagement scoring"
    assert page.ui.themeLabel.buddy() is page.ui.themeCombo
    assert page.ui.themeCombo.accessibleName() == "Theme"
