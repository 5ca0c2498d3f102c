"""How the main window builds each section's page, importing its module only then.

A page module brings its forms, models, dialogs and services along (the Platforms page the
keyring, People its editor ...): importing them all at start-up costs more than showing the
window. ``factories(window)`` gives :class:`~commdesk.gui.pagestack.LazyPages` one builder a
section, each importing its page when first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from commdesk.gui.pagestack import PageFactory
from commdesk.gui.sections import Section

if TYPE_CHECKING:
    from commdesk.gui.mainwindow import MainWindow


def factories(window: MainWindow) -> dict[Section, PageFactory]:
    def people() -> QWidget:
        from commdesk.gui.people.page import PeoplePage

        return PeoplePage(window.context)

    def organisations() -> QWidget:
        from commdesk.gui.organisations.page import OrganisationsPage

        page = OrganisationsPage(window.context)
        page.personRequested.connect(window.show_person)
        return page

    def communities() -> QWidget:
        from commdesk.gui.communities.page import CommunitiesPage

        return CommunitiesPage(window.context)

    def plans() -> QWidget:
        from commdesk.gui.plans.page import PlansPage

        return PlansPage(window.context)

    def activity() -> QWidget:
        from commdesk.gui.activity.page import ActivityPage

        page = ActivityPage(window.context)
        page.logRequested.connect(window.log_interaction)
        return page

    def platforms() -> QWidget:
        from commdesk.gui.platforms.page import PlatformsPage

        return PlatformsPage(window.context)

    def settings() -> QWidget:
        from commdesk.gui.settings.page import SettingsPage

        page = SettingsPage(window.store, window.settings, context=window.context)
        page.backupRequested.connect(window.databases.backup_now)
        return page

    return {
        Section.OVERVIEW: window.make_overview,
        Section.PEOPLE: people,
        Section.ORGANISATIONS: organisations,
        Section.COMMUNITIES: communities,
        Section.PLANS: plans,
        Section.ACTIVITY: activity,
        Section.PLATFORMS: platforms,
        Section.SETTINGS: settings,
    }
