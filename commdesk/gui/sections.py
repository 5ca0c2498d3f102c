"""The sections of the main window and the sidebar that lists them with live counts."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from commdesk.gui import formatting

if TYPE_CHECKING:  # the sidebar shows before the database (and SQLAlchemy) is loaded
    from commdesk.services.overview import SectionCounts

AnyIndex = QModelIndex | QPersistentModelIndex

SectionRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2  # int, or None for sections without a count
CountTextRole = Qt.ItemDataRole.UserRole + 3  # "5,012", or "" when there is none


class Section(Enum):
    """A page of the main window: its key (for settings and icons), title and count."""

    OVERVIEW = ("overview", "Overview", None)
    PEOPLE = ("people", "People", "people")
    ORGANISATIONS = ("organisations", "Organisations", "organisations")
    COMMUNITIES = ("communities", "Communities", "communities")
    PLANS = ("plans", "Plans", "plans")
    ACTIVITY = ("activity", "Activity", "activities")
    PLATFORMS = ("platforms", "Platforms", "accounts")
    SETTINGS = ("settings", "Settings", None)

    def __init__(self, key: str, title: str, count_field: str | None) -> None:
        self.key = key
        self.title = title
        self.count_field = count_field  # the SectionCounts attribute shown next to it

    @property
    def icon_path(self) -> str:
        return f":/icons/{self.key}.svg"

    def count(self, counts: SectionCounts | None) -> int | None:
        if counts is None or self.count_field is None:
            return None
        return int(getattr(counts, self.count_field))

    @classmethod
    def from_key(cls, key: object) -> Section | None:
        for section in cls:
            if section.key == key:
                return section
        return None


class SectionListModel(QAbstractListModel):
    """The sidebar's rows: one per :class:`Section`, with its icon and count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections = list(Section)
        self._counts: SectionCounts | None = None
        self._icons = {s: QIcon(s.icon_path) for s in self._sections}

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._sections)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return None
        section = self._sections[index.row()]
        count = section.count(self._counts)
        if role == Qt.ItemDataRole.DisplayRole:
            return section.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                section.title
                if count is None
                else f"{section.title}: {formatting.count_text(count)}"
            )
        if role == SectionRole:
            return section
        if role == CountRole:
            return count
        if role == CountTextRole:
            return "" if count is None else formatting.count_text(count)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def set_counts(self, counts: SectionCounts) -> None:
        self._counts = counts
        self.dataChanged.emit(
            self.index(0),
            self.index(len(self._sections) - 1),
            [
                CountRole,
                CountTextRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole,
            ],
        )

    @property
    def counts(self) -> SectionCounts | None:
        return self._counts

    def row_of(self, section: Section) -> int:
        return self._sections.index(section)


class SectionDelegate(QStyledItemDelegate):
    """Draws a sidebar row: icon and title as usual, the count right-aligned and muted."""

    ROW_HEIGHT = 36

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 48, max(hint.height(), self.ROW_HEIGHT))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        count = str(index.data(CountTextRole) or "")
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        spare = item.fontMetrics.horizontalAdvance(count) + 16 if count else 0
        rect: QRect = item.rect
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        if not count:
            return
        painter.save()
        muted = QColor(option.palette.color(QPalette.ColorRole.Text))
        muted.setAlpha(150)
        painter.setPen(muted)
        painter.setFont(item.font)
        text_rect = rect.adjusted(rect.width() - spare, 0, -10, 0)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), count
        )
        painter.restore()
