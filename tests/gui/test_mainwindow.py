"""The main window on a real database: sidebar counts, pages, tables, refresh, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from commdesk import paths
from commdesk.gui import app as app_module
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage, PeopleTableModel
from commdesk.gui.platforms.page import PlatformsPage
from commdesk.gui.sections import CountRole, CountTextRole, Section
from commdesk.gui.settings.page import SettingsPage
from commdesk.gui.tablepage import FILTER_DELAY_MS, TablePage
from commdesk.services.overview import OverviewService
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store
from tests.gui.conftest import Sample, close_ready_windows, run_app


def sidebar_count(window: MainWindow, section: Section) -> object:
    index = window.sections.index(window.sections.row_of(section))
    return index.data(CountRole)


def people_page(window: MainWindow) -> PeoplePage:
    page = window.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    return page


def column(model: PeopleTableModel, col: int) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_sidebar_lists_every_section_with_its_count(window: MainWindow) -> None:
    model = window.sections
    titles = [model.index(row).data() for row in range(model.rowCount())]
    assert titles == [
        "Overview",
        "People",
        "Organisations",
        "Communities",
        "Plans",
        "Activity",
        "Platforms",
        "Settings",
    ]
    assert sidebar_count(window, Section.PEOPLE) == 3
    assert sidebar_count(window, Section.ORGANISATIONS) == 1
    assert sidebar_count(window, Section.PLANS) == 1
    assert sidebar_count(window, Section.ACTIVITY) == 1
    assert sidebar_count(window, Section.PLATFORMS) == 0
    assert sidebar_count(window, Section.OVERVIEW) is None
    people = model.index(model.row_of(Section.PEOPLE))
    assert people.data(CountTextRole) == "3"
    assert people.data(Qt.ItemDataRole.ToolTipRole) == "People: 3"
    assert not people.data(Qt.ItemDataRole.DecorationRole).isNull()  # the icon was found


def test_status_bar_shows_database_and_counts(window: MainWindow, sample: Sample) -> None:
    text = " ".join(label.text() for label in window.ui.statusbar.findChildren(QLabel))
    assert str(sample.store.path) in text
    assert "3 people" in text
    assert "1 organisation " in text + " "


@pytest.mark.parametrize("section", list(Section))
def test_each_section_shows_its_own_page(window: MainWindow, section: Section) -> None:
    window.show_section(section)
    assert window.current_section() is section
    assert window.ui.pages.currentWidget() is window.page(section)
    assert window.page(section).isVisible()


def test_clicking_the_sidebar_switches_pages(window: MainWindow, qtbot: QtBot) -> None:
    sidebar = window.ui.sectionList
    rect = sidebar.visualRect(window.sections.index(window.sections.row_of(Section.ACTIVITY)))
    QTest.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() is Section.ACTIVITY


def test_go_menu_has_a_shortcut_per_section(window: MainWindow) -> None:
    actions = window.ui.menuGo.actions()
    assert [a.text() for a in actions] == [s.title for s in Section]
    assert actions[1].shortcut() == QKeySequence("Ctrl+2")
    actions[1].trigger()
    assert window.current_section() is Section.PEOPLE


def test_people_table_shows_sorts_and_filters_in_sql(window: MainWindow, qtbot: QtBot) -> None:
    window.show_section(Section.PEOPLE)
    page = people_page(window)
    model = page.model
    view = page.ui.tableView
    assert view.model() is model  # no proxy model in between
    assert column(model, model.NAME) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert page.ui.countLabel.text() == "3 people"
    assert model.index(0, model.ROLES).data() == "Employee, Partner"
    assert model.index(0, model.ORGANISATION).data() == "Acme Corp"

    # A click on the header sorts through a new query.
    queries = model.queries
    header = view.horizontalHeader()
    header.setSortIndicator(model.NAME, Qt.SortOrder.DescendingOrder)
    assert column(model, model.NAME) == ["Grace Hopper", "Alan Turing", "Ada Lovelace"]
    assert model.queries > queries
    header.setSortIndicator(model.LAST_ACTIVITY, Qt.SortOrder.DescendingOrder)
    assert column(model, model.NAME)[0] == "Grace Hopper"  # the only one with activity

    # The filter waits for a pause in typing, then asks the database.
    QTest.keyClicks(page.ui.filterEdit, "acme")
    assert page.filter_timer.isActive()
    assert model.filter_text == ""
    qtbot.waitUntil(lambda: model.filter_text == "acme", timeout=FILTER_DELAY_MS * 10)
    assert column(model, model.NAME) == ["Ada Lovelace"]
    assert page.ui.countLabel.text() == "1 of 3 people match “acme”"

    page.ui.filterEdit.setText("nobody at all")
    page.apply_filter()
    assert model.rowCount() == 0
    assert page.ui.contentStack.currentWidget() is page.ui.messagePage
    assert "No people match" in page.ui.messageLabel.text()

    page.ui.filterEdit.clear()
    page.apply_filter()
    assert model.rowCount() == 3
    assert page.ui.contentStack.currentWidget() is page.ui.rowsPage


def test_counts_refresh_after_adding_a_person(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    window.show_section(Section.PEOPLE)
    PeopleService(sample.store).create(PersonDraft("Katherine Johnson"))
    assert sidebar_count(window, Section.PEOPLE) == 3  # until asked to refresh
    with qtbot.waitSignal(window.figuresChanged, timeout=10_000):
        window.ui.actionRefresh.trigger()
    assert sidebar_count(window, Section.PEOPLE) == 4
    model = people_page(window).model
    assert model.rowCount() == 4
    assert "Katherine Johnson" in column(model, model.NAME)
    assert window.overview.ui.peopleValueLabel.text() == "4"


def test_hidden_tables_read_again_when_shown(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    window.show_section(Section.PEOPLE)
    window.show_section(Section.OVERVIEW)
    PeopleService(sample.store).create(PersonDraft("Katherine Johnson"))
    with qtbot.waitSignal(window.figuresChanged, timeout=10_000):
        window.refresh()
    window.show_section(Section.PEOPLE)
    assert people_page(window).model.rowCount() == 4


def test_tables_are_not_read_before_they_are_shown(window: MainWindow) -> None:
    expected = {Section.ORGANISATIONS: 1, Section.COMMUNITIES: 0, Section.ACTIVITY: 1}
    for section, rows in expected.items():
        page = window.page(section)
        if not isinstance(page, TablePage):
            continue  # a page of its own (a board, a master-detail view) reads as it likes
        assert page.ui.tableView.model() is None
        window.show_section(section)
        assert page.ui.tableView.model() is page.model
        assert page.model.rowCount() == rows


def test_overview_shows_the_figures_and_the_phases(window: MainWindow) -> None:
    ui = window.overview.ui
    assert ui.peopleValueLabel.text() == "3"
    assert ui.peopleCaptionLabel.text() == "1 active in the last 30 days"
    assert ui.plansValueLabel.text() == "1"
    assert ui.plansCaptionLabel.text() == "3 items, 2 still open"
    assert ui.activityValueLabel.text() == "1"
    assert ui.internalNameLabel.text() == "Internal"
    assert ui.internalTotalLabel.text() == "2 items"
    assert ui.internalStatusLabel.text() == "1\u00a0done\u00a0· 1\u00a0in progress"
    assert (ui.internalProgressBar.value(), ui.internalProgressBar.maximum()) == (1, 2)
    assert ui.growStatusLabel.text() == "No items yet"
    assert not ui.plansHintLabel.isVisible()


def test_overview_cards_open_their_section(window: MainWindow, qtbot: QtBot) -> None:
    window.show_section(Section.OVERVIEW)
    QTest.mouseClick(window.overview.ui.communitiesCard, Qt.MouseButton.LeftButton)
    assert window.current_section() is Section.COMMUNITIES


def test_platforms_page_explains_what_will_appear(window: MainWindow) -> None:
    window.show_section(Section.PLATFORMS)
    page = window.page(Section.PLATFORMS)
    assert isinstance(page, PlatformsPage)
    assert page.ui.contentStack.currentWidget() is page.ui.messagePage
    text = page.ui.messageLabel.text()
    assert "No platform accounts yet" in text
    assert "keyring" in text
    assert "TODO" not in text
    assert not page.ui.filterEdit.isEnabled()


def test_settings_page_shows_where_the_data_lives(window: MainWindow, sample: Sample) -> None:
    window.show_section(Section.SETTINGS)
    page = window.page(Section.SETTINGS)
    assert isinstance(page, SettingsPage)
    assert page.ui.databaseEdit.text() == str(sample.store.path)
    assert page.ui.dataDirEdit.text() == str(paths.data_dir())
    assert page.ui.backupDirEdit.text() == str(paths.backup_dir())
    assert page.ui.logDirEdit.text() == str(paths.log_dir())
    assert all(
        edit.isReadOnly()
        for edit in (page.ui.databaseEdit, page.ui.dataDirEdit, page.ui.backupDirEdit)
    )
    revision = OverviewService(sample.store).schema_revision()
    assert revision and page.ui.schemaLabel.text().startswith(revision)
    assert page.ui.sizeLabel.text().endswith("KB")


def test_geometry_and_section_are_restored(
    app: QApplication, qtbot: QtBot, sample: Sample, settings: QSettings
) -> None:
    first = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(first)
    first.resize(790, 540)  # within the offscreen platform's 800×600 screen
    first.show_section(Section.COMMUNITIES)
    first.close()

    second = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(second)
    assert second.current_section() is Section.COMMUNITIES
    assert (second.width(), second.height()) == (790, 540)


def test_quit_closes_the_window(window: MainWindow) -> None:
    assert window.ui.actionQuit.shortcut() == QKeySequence("Ctrl+Q")
    window.ui.actionQuit.trigger()
    assert not window.isVisible()
    assert window.tasks.active == []


def test_about_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QWidget] = []

    def exec_without_blocking(dialog: QWidget) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr("commdesk.gui.about.AboutDialog.exec", exec_without_blocking)
    window.ui.actionAbout.trigger()
    (dialog,) = shown
    assert "Version" in dialog.ui.versionLabel.text()  # type: ignore[attr-defined]
    assert str(window.store.path) in dialog.ui.detailsLabel.text()  # type: ignore[attr-defined]


def test_title_names_the_database(window: MainWindow, sample: Sample) -> None:
    assert sample.store.path is not None
    assert window.windowTitle() == f"{sample.store.path.name} — CommDesk"


# --- starting the app ----------------------------------------------------------------------


def test_run_refuses_a_bad_database_with_a_message(
    app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, _title, text, *args: messages.append(text)
    )
    not_a_db = tmp_path / "notes.sqlite"
    not_a_db.write_text("shopping list")
    assert app_module.run(not_a_db, False) == 2
    assert messages and "not a CommDesk database" in messages[0]
    assert not_a_db.read_text() == "shopping list"


def test_run_opens_the_window_and_returns_when_it_closes(
    app: QApplication, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample.store.path
    assert path is not None
    seen: list[str] = []

    def close_windows() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(300, close_windows)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(QApplication.quit)  # never hang the suite
    safety.start(10_000)
    try:
        assert app_module.run(path, False) == 0
    finally:
        safety.stop()
    assert seen == [f"{path.name} — CommDesk"]


def test_the_style_comes_from_the_resources(
    app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing is read from the working folder
    style = app_module.style_sheet()
    assert "#sectionList" in style
    assert app.styleSheet() == style
    assert not app.windowIcon().isNull()
    assert app.organizationName() == "CommDesk"


def test_run_closes_by_itself_when_asked(
    app: QApplication, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMDESK_QUIT_AFTER_MS lets a smoke test of a built app run it unattended."""
    assert sample.store.path is not None
    monkeypatch.setenv(app_module.QUIT_AFTER_VARIABLE, "200")
    assert run_app(sample.store.path, limit_ms=10_000) == 0
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


# The offscreen platform warns about size hints when the progress dialog does show.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_run_builds_the_demo_into_an_empty_database(
    app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "DEMO_SIZE", "tiny")
    path = tmp_path / "demo.sqlite"
    # The window shows at once; the demo is built after its first paint, then attached.
    assert run_app(path, True, poll=close_ready_windows, limit_ms=30_000) == 0
    store = Store.open(path)
    try:
        assert OverviewService(store).section_counts().people > 0
    finally:
        store.close()


def test_main_opens_the_database_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, bool]] = []

    def run(path: Path, demo: bool) -> int:
        calls.append((path, demo))
        return 0

    monkeypatch.setattr(app_module, "run", run)
    assert app_module.main(["--db", str(tmp_path / "mine.sqlite")]) == 0
    assert app_module.main(["--demo"]) == 0
    assert calls == [(tmp_path / "mine.sqlite", False), (paths.demo_database(), True)]
    assert paths.data_dir().is_dir()


def test_pages_are_built_when_first_shown_and_keep_their_place(window: MainWindow) -> None:
    built = [section for section, _page in window.pages.items()]
    assert built == [Section.OVERVIEW]  # only what the window opened on
    stack = window.ui.pages
    assert stack.count() == len(Section)
    window.show_section(Section.PLANS)
    plans = window.page(Section.PLANS)
    assert window.pages.is_built(Section.PLANS)
    assert stack.currentWidget() is plans
    assert stack.indexOf(plans) == list(Section).index(Section.PLANS)
    assert window.current_section() is Section.PLANS
    assert window.page(Section.PLANS) is plans  # built once
    assert stack.count() == len(Section)


def test_the_sync_schedule_starts_a_moment_after_the_window_shows(
    window: MainWindow, qtbot: QtBot
) -> None:
    from commdesk.gui.platforms.syncing import SyncController

    qtbot.waitUntil(lambda: window.context.findChild(SyncController) is not None, timeout=10_000)
