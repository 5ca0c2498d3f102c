"""Filtering and sorting the Organisations and Communities tables through their widgets:
typing in the filter box and clicking a column header, in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import CommunityScope, OrganisationKind
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.sections import Section
from commdesk.gui.tablepage import FILTER_DELAY_MS, TablePage
from commdesk.services.communities import CommunityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.records import CommunityDraft, OrganisationDraft
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def records(sample: Sample) -> Sample:
    """Besides the sample's Acme Corp: two more organisations and three communities."""
    organisations = OrganisationService(sample.store)
    organisations.create(OrganisationDraft("Wildlife Trust", OrganisationKind.NONPROFIT))
    organisations.create(OrganisationDraft("Zenith Labs", OrganisationKind.COMPANY))
    communities = CommunityService(sample.store)
    communities.create(CommunityDraft("Rust Guild", purpose="Systems programmers"))
    communities.create(CommunityDraft("Birdwatchers", scope=CommunityScope.EXTERNAL))
    communities.create(CommunityDraft("Makers", purpose="People who build things"))
    return sample


def page_of(window: MainWindow, section: Section) -> TablePage:
    window.show_section(section)
    page = window.ui.pages.currentWidget()
    assert isinstance(page, TablePage)
    return page


def first_column(page: TablePage) -> list[str]:
    model = page.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


# section, its names in order, a filter text, what it finds, what the count then says
Case = tuple[Section, list[str], str, list[str], str]


@pytest.mark.parametrize(
    "case",
    [
        (
            Section.ORGANISATIONS,
            ["Acme Corp", "Wildlife Trust", "Zenith Labs"],
            "trust",
            ["Wildlife Trust"],
            "1 of 3 organisations match “trust”",
        ),
        (
            Section.COMMUNITIES,
            ["Birdwatchers", "Makers", "Rust Guild"],
            "build",  # in the purpose
            ["Makers"],
            "1 of 3 communities match “build”",
        ),
    ],
    ids=["organisations", "communities"],
)
def test_filter_and_sort_a_table(
    records: Sample, window: MainWindow, qtbot: QtBot, case: Case
) -> None:
    section, names, text, found, label = case
    page = page_of(window, section)
    assert first_column(page) == names
    # The first row is selected, so the detail pane beside the table shows a record.
    assert [i.row() for i in page.ui.tableView.selectionModel().selectedRows()] == [0]

    header = page.ui.tableView.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # a click on the name's header
    assert first_column(page) == names[::-1]
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    QTest.keyClicks(page.ui.filterEdit, text)
    qtbot.waitUntil(lambda: page.model.filter_text == text, timeout=FILTER_DELAY_MS * 10)
    assert first_column(page) == found
    qtbot.waitUntil(lambda: page.ui.countLabel.text() == label, timeout=5000)

    page.ui.filterEdit.clear()
    page.apply_filter()
    assert first_column(page) == names
