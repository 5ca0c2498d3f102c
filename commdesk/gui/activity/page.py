"""The Activity section: every interaction, newest first, narrowed by person, community,
platform, kind and dates (named filters run in SQL), and the way in to logging one."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from commdesk.domain.enums import ActivityKind, Platform
from commdesk.gui.activity.completion import RecordCompleter
from commdesk.gui.context import AppContext
from commdesk.gui.forms.ui_activityfilters import Ui_ActivityFilters
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings
from commdesk.services.search import GlobalSearchService

# A date edit at its minimum shows this and means "no limit".
ANY_DATE = QDate(2000, 1, 1)
COMMUNITY_CHOICES = 1000


class ActivityTableModel(SqlPagedTableModel):
    spec = listings.ACTIVITIES
    WHEN, PERSON, KIND, PLATFORM, COMMUNITY, TITLE = range(6)


TEXTS = TableTexts(
    title="Activity",
    singular="interaction",
    plural="interactions",
    empty=(
        "<p><b>No activity logged yet.</b></p>"
        "<p>Every interaction with a person — posts, comments, messages, meetings, event "
        "attendance — appears here, newest first, with the platform and community it "
        "happened in. Press <b>Ctrl+L</b> to log one.</p>"
    ),
    filter_hint="Filter by person (name, email, handle) or community",
    icon=":/icons/activity.svg",
    column_widths=(21, 24, 16, 12, 28),
)


class ActivityPage(TablePage):
    model: ActivityTableModel

    # The "Log interaction…" button: the window opens the dialog (so Ctrl+L does the same).
    logRequested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ActivityTableModel(context.tables, tasks=context.tasks), TEXTS, parent)
        self.context = context
        self.search = GlobalSearchService(context.store)
        self.filters_bar = QWidget(self)
        self.filters = Ui_ActivityFilters()
        self.filters.setupUi(self.filters_bar)  # type: ignore[no-untyped-call]  # uic
        self.ui.pageLayout.insertWidget(1, self.filters_bar)
        f = self.filters
        # The button sits in the heading row, beside the filter box, where there is room.
        self.ui.headerLayout.insertWidget(self.ui.headerLayout.count() - 1, f.logButton)
        f.filtersLayout.setStretchFactor(f.personEdit, 2)
        for label in (f.sinceLabel, f.untilLabel):  # the style sheet's font is wider
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(label.text()) + 8)
        f.filtersLayout.setStretchFactor(f.communityCombo, 2)

        self.person = RecordCompleter(f.personEdit, self.search.people)
        self.person.chosen.connect(lambda person_id: self.set_filters(person=person_id))
        f.platformCombo.addItem("All platforms", None)
        for platform in Platform:
            f.platformCombo.addItem(platform.label, platform.value)
        f.kindCombo.addItem("All kinds", None)
        for kind in ActivityKind:
            f.kindCombo.addItem(kind.label, kind.value)
        f.communityCombo.addItem("All communities", None)
        for edit in (f.sinceEdit, f.untilEdit):
            edit.setMinimumDate(ANY_DATE)
            edit.setSpecialValueText("Any date")  # shown at the minimum
            edit.setDate(ANY_DATE)
            edit.setDisplayFormat("yyyy-MM-dd")
        f.communityCombo.activated.connect(self._combos_changed)
        f.platformCombo.activated.connect(self._combos_changed)
        f.kindCombo.activated.connect(self._combos_changed)
        f.sinceEdit.dateChanged.connect(self._dates_changed)
        f.untilEdit.dateChanged.connect(self._dates_changed)
        f.clearButton.clicked.connect(self.clear_filters)
        f.logButton.clicked.connect(self.logRequested)
        context.changed.connect(self._context_changed)

    def attach(self) -> None:
        if not self._attached:
            self._load_communities()
        super().attach()

    def set_filters(self, **filters: Any) -> None:
        """Narrow the table (names as in listings.activities.FILTERS; None clears one)."""
        self.model.set_filters(**filters)

    @Slot()
    def clear_filters(self) -> None:
        f = self.filters
        self.person.set_record(None)
        for combo in (f.communityCombo, f.platformCombo, f.kindCombo):
            combo.setCurrentIndex(0)
        for edit in (f.sinceEdit, f.untilEdit):
            edit.blockSignals(True)
            edit.setDate(ANY_DATE)
            edit.blockSignals(False)
        self.model.set_filters(
            person=None, community=None, platform=None, kind=None, since=None, until=None
        )

    @Slot()
    def _combos_changed(self) -> None:
        f = self.filters
        self.set_filters(
            community=f.communityCombo.currentData(),
            platform=f.platformCombo.currentData(),
            kind=f.kindCombo.currentData(),
        )

    @Slot()
    def _dates_changed(self) -> None:
        self.set_filters(
            since=_day_edge(self.filters.sinceEdit, time.min),
            until=_day_edge(self.filters.untilEdit, time.max.replace(microsecond=0)),
        )

    def _load_communities(self) -> None:
        combo: QComboBox = self.filters.communityCombo
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for hit in self.search.communities("", COMMUNITY_CHOICES):
            combo.addItem(hit.name, hit.id)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)
        if current is not None and found < 0:
            self._combos_changed()  # the chosen community is gone

    @Slot(str)
    def _context_changed(self, what: str) -> None:
        if self._attached and what in ("communities", "*"):
            self._load_communities()


def _day_edge(edit: QDateEdit, at: time) -> datetime | None:
    """The local start (or end) of the edit's day, or None when it says "Any date"."""
    day = edit.date()
    if day <= ANY_DATE:
        return None
    return datetime.combine(day.toPython(), at).astimezone()  # type: ignore[arg-type]
