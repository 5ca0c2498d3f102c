"""The content calendar: a plan's items by due date, as a month grid or a week of days.

Each item is a flat button (click or Enter edits it); a month cell lists a few items and a
"more" button that opens that day's week. Prev / Today / Next move by a month or a week.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from commdesk.domain.enums import ItemStatus, Phase
from commdesk.gui import formatting
from commdesk.gui.plans.boardmodel import card_details
from commdesk.services.calendar import (
    BoardCard,
    PlanCalendar,
    month_grid,
    shift_month,
    week_days,
)
from commdesk.store import Store

MONTH_ITEMS = 3  # items a month cell lists before "+ n more"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


PHASE_COLOURS = {  # a stripe per phase, readable on light and dark palettes
    Phase.INTERNAL: "#2563eb",
    Phase.EXTERNAL: "#16a34a",
    Phase.HARMONISE: "#d97706",
    Phase.GROW: "#9333ea",
}


class ItemButton(QPushButton):
    """One item on the calendar: its title (elided to fit), striped in its phase's colour."""

    def __init__(self, card: BoardCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.setToolTip("\n".join((card.title, card.phase.label, *card_details(card))))
        self.setAccessibleName(card.title)
        self.setAccessibleDescription(", ".join((card.phase.label, *card_details(card))))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        done = card.status in (ItemStatus.DONE, ItemStatus.CANCELLED)
        self.setStyleSheet(
            "QPushButton { text-align: left; padding: 2px 6px; border: none;"
            f" border-left: 3px solid {PHASE_COLOURS[card.phase]}; border-radius: 2px;"
            " background: rgba(37, 99, 235, 0.07);"
            f"{' color: palette(placeholder-text);' if done else ''}"
            f"{' text-decoration: line-through;' if card.status is ItemStatus.CANCELLED else ''} }}"
            "QPushButton:hover { background: rgba(37, 99, 235, 0.16); }"
            "QPushButton:focus { background: rgba(37, 99, 235, 0.24); }"
        )
        self.setText(card.title)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = max(self.width() - 16, 10)
        self.setText(
            self.fontMetrics().elidedText(self.card.title, Qt.TextElideMode.ElideRight, width)
        )


class DayCell(QFrame):
    """One day: its number and its items."""

    def __init__(
        self, day: date, cards: list[BoardCard], *, limit: int | None, outside: bool, today: bool
    ) -> None:
        super().__init__()
        self.day = day
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(
            QPalette.ColorRole.AlternateBase if outside else QPalette.ColorRole.Base
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(1)
        number = QLabel(str(day.day) if limit is not None else formatting.date_text(day))
        if today:
            font = QFont(number.font())
            font.setBold(True)
            number.setFont(font)
            number.setForegroundRole(QPalette.ColorRole.Highlight)
        number.setEnabled(not outside)
        layout.addWidget(number)
        shown = cards if limit is None else cards[:limit]
        self.buttons = [ItemButton(card) for card in shown]
        for button in self.buttons:
            layout.addWidget(button)
        self.more: QToolButton | None = None
        if limit is not None and len(cards) > limit:
            self.more = QToolButton()
            self.more.setText(f"+ {len(cards) - limit} more")
            self.more.setAutoRaise(True)
            self.more.setAccessibleName(f"Show the week of {formatting.date_text(day)}")
            layout.addWidget(self.more)
        layout.addStretch(1)


class PlanCalendarView(QWidget):
    """Month and week views of one plan's items by due date."""

    editRequested = Signal(int)  # item id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Content calendar")
        self.calendar = PlanCalendar(store)
        self.plan_id: int | None = None
        self.anchor = date.today()
        self.week_mode = False
        self.cells: dict[date, DayCell] = {}

        bar = QHBoxLayout()
        self.prev_button = self._tool("‹", "Previous", QKeySequence.StandardKey.Back)
        self.today_button = self._tool("Today", "Today", None)
        self.next_button = self._tool("›", "Next", QKeySequence.StandardKey.Forward)
        self.period_label = QLabel()
        font = QFont(self.period_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.period_label.setFont(font)
        self.due_label = QLabel()
        self.due_label.setProperty("role", "caption")
        self.month_button = self._tool("&Month", "Month view", None)
        self.week_button = self._tool("&Week", "Week view", None)
        modes = QButtonGroup(self)
        for button in (self.month_button, self.week_button):
            button.setCheckable(True)
            modes.addButton(button)
        self.month_button.setChecked(True)
        for widget in (
            self.prev_button,
            self.today_button,
            self.next_button,
            self.period_label,
            self.due_label,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.month_button)
        bar.addWidget(self.week_button)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(2)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.show_today)
        self.month_button.clicked.connect(lambda: self.set_week_mode(False))
        self.week_button.clicked.connect(lambda: self.set_week_mode(True))

    def _tool(self, text: str, name: str, key: QKeySequence.StandardKey | None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(name if key is None else f"{name} ({QKeySequence(key).toString()})")
        if key is not None:
            button.setShortcut(QKeySequence(key))
        return button

    # --- what the page asks --------------------------------------------------------------

    def show_plan(self, plan_id: int | None, around: date | None = None) -> None:
        if plan_id != self.plan_id and around is not None:
            self.anchor = around
        self.plan_id = plan_id
        self.reload()

    def set_week_mode(self, week: bool) -> None:
        self.week_mode = week
        (self.week_button if week else self.month_button).setChecked(True)
        self.reload()

    def go_to(self, day: date) -> None:
        self.anchor = day
        self.reload()

    @Slot()
    def show_today(self) -> None:
        self.go_to(date.today())

    def step(self, steps: int) -> None:
        if self.week_mode:
            self.go_to(self.anchor + timedelta(weeks=steps))
        else:
            self.go_to(shift_month(self.anchor, steps))

    def days(self) -> list[date]:
        if self.week_mode:
            return week_days(self.anchor)
        return month_grid(self.anchor.year, self.anchor.month)

    def item_buttons(self, day: date) -> list[ItemButton]:
        cell = self.cells.get(day)
        return list(cell.buttons) if cell else []

    # --- drawing -------------------------------------------------------------------------

    def reload(self) -> None:
        days = self.days()
        cards = (
            self.calendar.due_between(self.plan_id, days[0], days[-1])
            if self.plan_id is not None
            else {}
        )
        locale = formatting.locale()
        if self.week_mode:
            first, last = days[0], days[-1]
            self.period_label.setText(
                f"{formatting.date_text(first)} – {formatting.date_text(last)}"
            )
        else:
            self.period_label.setText(
                locale.standaloneMonthName(self.anchor.month) + f" {self.anchor.year}"
            )
        due = sum(len(c) for c in cards.values())
        period = "this week" if self.week_mode else "this month"
        self.due_label.setText(
            f"{formatting.plural(due, 'item', 'items')} due {period}"
            if due
            else f"Nothing due {period}"
        )
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells = {}
        for column, name in enumerate(WEEKDAYS):
            heading = QLabel(name)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(heading, 0, column)
            self.grid.setColumnStretch(column, 1)
        today = date.today()
        for number, day in enumerate(days):
            cell = DayCell(
                day,
                cards.get(day, []),
                limit=None if self.week_mode else MONTH_ITEMS,
                outside=not self.week_mode and day.month != self.anchor.month,
                today=day == today,
            )
            for button in cell.buttons:
                button.clicked.connect(
                    lambda _c=False, i=button.card.id: self.editRequested.emit(i)
                )
            if cell.more is not None:
                cell.more.clicked.connect(lambda _c=False, d=day: self._open_week(d))
            self.cells[day] = cell
            row = 1 + number // 7
            self.grid.addWidget(cell, row, number % 7)
            self.grid.setRowStretch(row, 1)
        for row in range(1 + len(days) // 7, 8):
            self.grid.setRowStretch(row, 0)

    def _open_week(self, day: date) -> None:
        self.anchor = day
        self.set_week_mode(True)
