"""The Overview's filter row: the period, the step and stacking of the engagement chart, and
the community, role and platform the charts are narrowed to. It turns them into a
:class:`DashboardQuery`; it reads nothing but the communities' names."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.gui.forms.ui_overview import Ui_OverviewCharts
from commdesk.services.dashboard import Bucket, DashboardQuery, Split

SETTLE_MS = 250  # after a change, wait this long for the next before reading again
CUSTOM = 0
# Period choices: label, days (0 for the dates as typed).
PERIODS = (
    ("Last 30 days", 30),
    ("Last 3 months", 91),
    ("Last 12 months", 365),
    ("Last 2 years", 730),
    ("Custom dates", CUSTOM),
)
DEFAULT_PERIOD = 2


class OverviewFilters(QObject):
    """Emits ``changed`` (a moment after the last edit) with the query the charts should show."""

    changed = Signal(object)  # DashboardQuery

    def __init__(self, ui: Ui_OverviewCharts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        for text, days in PERIODS:
            ui.periodCombo.addItem(text, days)
        for bucket in Bucket:
            ui.bucketCombo.addItem(f"By {bucket.value}", bucket)
        for split in Split:
            ui.splitCombo.addItem(split.label, split)
        ui.roleCombo.addItem("All roles", None)
        for role in StakeholderRole:
            ui.roleCombo.addItem(role.label, role)
        ui.platformCombo.addItem("All platforms", None)
        for platform in Platform:
            ui.platformCombo.addItem(platform.label, platform)
        ui.communityCombo.addItem("All communities", None)
        ui.periodCombo.setCurrentIndex(DEFAULT_PERIOD)
        ui.bucketCombo.setCurrentIndex(list(Bucket).index(Bucket.WEEK))
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._emit)
        self._apply_period()
        ui.periodCombo.currentIndexChanged.connect(self._period_chosen)
        for edit in (ui.fromEdit, ui.toEdit):
            edit.dateChanged.connect(self._dates_edited)
        for combo in (
            ui.bucketCombo,
            ui.splitCombo,
            ui.communityCombo,
            ui.roleCombo,
            ui.platformCombo,
        ):
            combo.currentIndexChanged.connect(self._settle.start)

    def set_communities(self, choices: list[tuple[int, str]]) -> None:
        """List the communities, keeping the chosen one where it still exists."""
        combo = self.ui.communityCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All communities", None)
        for key, name in choices:
            combo.addItem(name, key)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)
        if combo.currentData() != current:
            self._settle.start()

    def query(self, today: date | None = None) -> DashboardQuery:
        ui = self.ui
        start, end = ui.fromEdit.date().toPython(), ui.toEdit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        offset = datetime.now().astimezone().utcoffset()
        return DashboardQuery(
            start=min(start, end),
            end=max(start, end),
            community_id=ui.communityCombo.currentData(),
            role=ui.roleCombo.currentData(),
            platform=ui.platformCombo.currentData(),
            bucket=ui.bucketCombo.currentData(),
            split=ui.splitCombo.currentData(),
            utc_offset=int(offset.total_seconds()) if offset else 0,
        )

    def choose(self, combo: QComboBox, value: object) -> None:
        """Pick a combo's entry by its value (tests, links from elsewhere)."""
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    @Slot()
    def _emit(self) -> None:
        self.changed.emit(self.query())

    @Slot(int)
    def _period_chosen(self, _index: int) -> None:
        self._apply_period()
        self._settle.start()

    def _apply_period(self) -> None:
        days = self.ui.periodCombo.currentData()
        if not days:
            return
        today = date.today()
        for edit, day in (
            (self.ui.fromEdit, today - timedelta(days=days - 1)),
            (self.ui.toEdit, today),
        ):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    @Slot(QDate)
    def _dates_edited(self, _date: QDate) -> None:
        combo = self.ui.periodCombo
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(CUSTOM))
        combo.blockSignals(False)
        self._settle.start()
