"""What the main window does on the database once it is attached: the counts in the sidebar
and status bar, links to a record or a chart's people, search, logging an interaction,
importing, moving onto another database, backups, the file watch and the checks a big file
left for later. :class:`~commdesk.gui.mainwindow.MainWindow` builds on it; the window's frame
and start-up order live there."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from commdesk.errors import StoreError
from commdesk.gui import formatting
from commdesk.gui.forms.ui_mainwindow import Ui_MainWindow
from commdesk.gui.pagestack import LazyPages
from commdesk.gui.sections import Section, SectionListModel
from commdesk.gui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from commdesk.gui.activity.logdialog import LogInteractionDialog
    from commdesk.gui.charts.base import PeopleFilter
    from commdesk.gui.context import AppContext
    from commdesk.gui.importing.dialog import ImportPeopleDialog
    from commdesk.gui.mainwindow import MainWindow
    from commdesk.gui.overview.figures import DashboardFigures
    from commdesk.gui.overview.page import OverviewPage
    from commdesk.gui.search.popup import SearchPopup
    from commdesk.services.search import SearchHit
    from commdesk.store import Store

log = logging.getLogger(__name__)


class WindowCommands(QMainWindow):
    """The main window's work on its open database (see the module's docstring)."""

    # After every refresh of the counts (the sidebar, status bar and overview show them).
    figuresChanged = Signal(object)  # DashboardFigures
    # When the window moved onto another database: the new window, already shown.
    switched = Signal(object)  # MainWindow

    # Made by MainWindow (store and context once attached).
    ui: Ui_MainWindow
    store: Store
    context: AppContext
    settings: QSettings
    tasks: TaskRunner
    pages: LazyPages
    sections: SectionListModel
    figures: DashboardFigures | None
    replacement: MainWindow | None
    open_checks: Task | None
    _refresh_task: Task | None
    _refresh_again: bool
    _warned_gone: bool
    _counts: QLabel
    _location: QLabel
    _watcher: QFileSystemWatcher

    @property
    def ready(self) -> bool:
        """Whether the database is open in this window (see MainWindow.attach)."""
        return hasattr(self, "store")

    def show_section(self, section: Section) -> None:
        raise NotImplementedError  # MainWindow's

    def _save(self) -> None:
        raise NotImplementedError  # MainWindow's

    @property
    def overview(self) -> OverviewPage:
        from commdesk.gui.overview.page import OverviewPage

        page = self.pages[Section.OVERVIEW]
        assert isinstance(page, OverviewPage)
        return page

    # --- links to records ------------------------------------------------------------------

    @Slot(object)
    def show_people(self, target: PeopleFilter) -> None:
        """Open the People section on the people behind a chart's bar or cell."""
        if target.person_id is not None:
            self.show_person(target.person_id)
            return
        from commdesk.gui.people.page import PeoplePage

        self.show_section(Section.PEOPLE)
        page = self.pages[Section.PEOPLE]
        assert isinstance(page, PeoplePage)
        page.show_filtered(
            role=target.role, community=target.community_id, members_of=target.members_of
        )

    @Slot(int)
    def show_person(self, person_id: int) -> None:
        """Open the People section on one person (a link from another section)."""
        self.show_section(Section.PEOPLE)
        page = self.pages[Section.PEOPLE]
        show_record = getattr(page, "show_record", None)
        if callable(show_record):
            show_record(person_id)

    # --- counts ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the counts again (off the GUI thread) and the table on screen."""
        if not self.ready:
            return  # nothing to count yet: attach() starts the first count
        from commdesk.gui.overview.figures import read_figures

        for widget in self.pages.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()
        if self._refresh_task is not None:
            self._refresh_again = True  # the database may have changed since it started
            return
        self._counts.setText("Counting…")
        task = self.tasks.run(
            lambda progress: read_figures(self.store, progress),
            name="read figures",
            on_success=self._show_figures,
            on_failure=self._figures_failed,
        )
        task.finished.connect(self._refresh_finished)
        self._refresh_task = task

    @Slot(object)
    def _show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self.sections.set_counts(figures.counts)
        if self.pages.is_built(Section.OVERVIEW):
            self.overview.show_figures(figures)
        counts = figures.counts
        self._counts.setText(
            " · ".join(
                [
                    formatting.plural(counts.people, "person", "people"),
                    formatting.plural(counts.organisations, "organisation", "organisations"),
                    formatting.plural(counts.communities, "community", "communities"),
                    formatting.plural(counts.activities, "interaction", "interactions"),
                ]
            )
        )
        self.figuresChanged.emit(figures)

    @Slot(object)
    def _figures_failed(self, error: BaseException) -> None:
        self._counts.setText("Counts unavailable")
        self.ui.statusbar.showMessage(f"Could not read the counts: {error}", 10_000)

    @Slot()
    def _refresh_finished(self) -> None:
        self._refresh_task = None
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    # --- search, logging, databases ----------------------------------------------------------

    @Slot()
    def open_search(self) -> SearchPopup:
        """The Ctrl+K popup; choosing a result shows that record."""
        from commdesk.gui.search.popup import SearchPopup

        popup = SearchPopup(self.store, self)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.chosen.connect(self.open_record)
        popup.resize(max(560, self.width() // 2), 420)
        popup.open()
        popup.ui.queryEdit.setFocus()
        self.search_popup = popup
        return popup

    @Slot(object)
    def open_record(self, hit: SearchHit) -> str:
        """Switch to the record's section and show it (see :func:`menus.open_record`)."""
        from commdesk.gui.menus import RECORD_SECTIONS, open_record

        how = open_record(self, hit)
        self.last_opened = (RECORD_SECTIONS[hit.kind], hit.id, how)
        return how

    @Slot()
    def log_interaction(self) -> LogInteractionDialog:
        """The Ctrl+L dialog, prefilled with the person the Activity page is filtered to."""
        from commdesk.gui.activity.logdialog import LogInteractionDialog
        from commdesk.gui.activity.page import ActivityPage

        person = None
        if self.pages.is_built(Section.ACTIVITY):
            page = self.pages[Section.ACTIVITY]
            if isinstance(page, ActivityPage) and page.person.record_id is not None:
                person = (page.person.record_id, page.filters.personEdit.text())
        dialog = LogInteractionDialog(self.context, self, person=person)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.log_dialog = dialog
        return dialog

    @Slot()
    def import_people(self) -> ImportPeopleDialog:
        """File > Import…: people from a CSV or .xlsx file."""
        from commdesk.gui.importing.dialog import ImportPeopleDialog

        dialog = ImportPeopleDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot(object)
    def switch_to(self, store: Store) -> MainWindow:
        """Move onto another open database: a new window on it replaces this one."""
        from commdesk.gui.mainwindow import MainWindow

        window = MainWindow(store, settings=self.settings, owns_store=True)
        self.replacement = window
        self._save()
        window.show()
        self.close()
        self.switched.emit(window)
        return window

    @Slot(object)
    def _backed_up(self, path: object) -> None:
        self.ui.statusbar.showMessage(f"Backed up to {path}", 15_000)
        if self.pages.is_built(Section.SETTINGS):
            reload_backups = getattr(self.pages[Section.SETTINGS], "reload_backups", None)
            if callable(reload_backups):
                reload_backups()

    @Slot()
    def check_database(self) -> str | None:
        """Say so (once) when the database file disappeared or became read-only."""
        from commdesk.gui.databases import database_gone_text

        problem = database_gone_text(self.store)
        if problem is None:
            self._warned_gone = False
            return None
        self._location.setText(f"⚠ {problem}")
        if not self._warned_gone:
            self._warned_gone = True
            QMessageBox.warning(
                self,
                "The database cannot be saved to",
                f"{problem}\n\nEverything saved before is kept in that file. Close CommDesk "
                "or open another database before making more changes.",
            )
        return problem

    # --- after opening --------------------------------------------------------------------

    @Slot()
    def _run_open_checks(self) -> None:
        from commdesk.gui.safety.maintenance import run_open_checks

        if not self.isVisible():
            return  # closed already: the next window to open the file checks it
        self.open_checks = run_open_checks(self.store, self.tasks, self)

    @Slot()
    def _start_sync_schedule(self) -> None:
        if not self.isVisible():
            return  # a window that never showed (or already closed) syncs nothing
        from sqlalchemy.exc import SQLAlchemyError

        from commdesk.gui.platforms.syncing import controller_for

        try:
            controller_for(self.context)
        except (StoreError, SQLAlchemyError) as exc:  # a read-only or vanished file
            log.warning("sync schedule not started: %s", exc)
