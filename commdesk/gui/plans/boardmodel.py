"""One column of the plan board: the model of one phase's cards, and how a card is drawn.

A plan has at most hundreds of items, so a column holds its cards as plain
:class:`~commdesk.services.calendar.BoardCard` rows. Drag and drop carries an item's id in
the model's own MIME type; a drop never edits rows here, it asks ``move`` (PlanService via
the undo stack) and the column re-reads afterwards like every other view.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from commdesk.domain.enums import ItemStatus, Phase
from commdesk.gui import formatting
from commdesk.services.calendar import BoardCard

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-commdesk-plan-item"
CardRole = Qt.ItemDataRole.UserRole + 1
ItemIdRole = Qt.ItemDataRole.UserRole + 2

# Move item ``id`` to ``position`` (counted without the item) in ``phase``; True if it moved.
Move = Callable[[int, Phase, int], bool]


def card_details(card: BoardCard) -> tuple[str, str, str]:
    """The lines under a card's title: what and how far, when, and who."""
    due = f"Due {formatting.date_text(card.due_on)}" if card.due_on else "No due date"
    return f"{card.kind.label} · {card.status.label}", due, card.owner or "No owner"


class BoardColumnModel(QAbstractListModel):
    """The cards of one phase of one plan, in position order."""

    def __init__(self, phase: Phase, move: Move, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phase = phase
        self._move = move
        self.cards: list[BoardCard] = []

    def set_cards(self, cards: Sequence[BoardCard]) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.endResetModel()

    def row_of(self, item_id: int) -> int | None:
        for row, card in enumerate(self.cards):
            if card.id == item_id:
                return row
        return None

    # --- what views ask ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return ", ".join((card.title, *card_details(card)))
        if role == CardRole:
            return card
        if role == ItemIdRole:
            return card.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    # --- drag and drop -----------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [self.cards[i.row()].id for i in indexes if i.isValid()]
        payload = {"items": ids[:1], "phase": self.phase.value}
        data.setData(MIME_TYPE, json.dumps(payload).encode())
        data.setText("\n".join(self.cards[i.row()].title for i in indexes if i.isValid()))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return data.hasFormat(MIME_TYPE) and action in (
            Qt.DropAction.MoveAction,
            Qt.DropAction.CopyAction,
        )

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Move the dragged item to this column, before ``row`` (or onto ``parent``'s row;
        at the end when both are unset)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
            item_id = int(payload["items"][0])
        except (ValueError, KeyError, IndexError, TypeError):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.cards)
        current = self.row_of(item_id)
        if current is not None and current < row:
            row -= 1  # counted without the item itself
        # The rows change when the column re-reads; removeRows() stays Qt's no-op, so the
        # dragging view's attempt to remove the "moved" row afterwards does nothing.
        return self._move(item_id, self.phase, max(row, 0))


def wrap_two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """``text`` in at most two lines of ``width`` pixels, the second elided if need be."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word: elide it on one line
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    if not rest:
        return [first]
    return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


class CardDelegate(QStyledItemDelegate):
    """Draws an item as a card: title in bold, then kind and status, then due date and owner."""

    PADDING = 8
    GAP = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # One or two lines of title (bold), then three lines of details.
        card = index.data(CardRole)
        width = max(option.rect.width(), 160)
        font = QFont(option.font)
        font.setBold(True)
        title = QFontMetrics(font)
        lines = 1
        if isinstance(card, BoardCard):
            lines = len(wrap_two_lines(title, card.title, self._inner_width(width)))
        height = (lines + 3) * option.fontMetrics.height() + 2 * self.PADDING + self.GAP + 4
        return QSize(width, height)

    def _inner_width(self, width: int) -> int:
        return width - 4 - 2 * self.PADDING

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card = index.data(CardRole)
        if not isinstance(card, BoardCard):
            return
        palette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        rect = QRect(option.rect).adjusted(2, self.GAP // 2, -2, -self.GAP // 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        if selected:
            base = palette.color(QPalette.ColorRole.Highlight)
            border = base.darker(130)
        painter.setPen(border)
        painter.setBrush(base)
        painter.drawRoundedRect(rect, 6, 6)
        done = card.status in (ItemStatus.DONE, ItemStatus.CANCELLED)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text)
        muted.setAlpha(170)
        inner = rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        line = option.fontMetrics.height()
        font = QFont(option.font)
        font.setBold(True)
        font.setStrikeOut(card.status is ItemStatus.CANCELLED)
        painter.setFont(font)
        painter.setPen(muted if done else text)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        title = wrap_two_lines(painter.fontMetrics(), card.title, inner.width())
        for number, text_line in enumerate(title):
            top = inner.top() + number * line
            painter.drawText(QRect(inner.left(), top, inner.width(), line), flags, text_line)
        painter.setFont(option.font)
        painter.setPen(muted)
        metrics = painter.fontMetrics()
        for number, detail in enumerate(card_details(card)):
            top = inner.top() + (len(title) + number) * line + 2
            shown = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QRect(inner.left(), top, inner.width(), line), flags, shown)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        painter.restore()
