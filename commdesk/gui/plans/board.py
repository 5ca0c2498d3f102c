"""The plan board: the four phases as columns of cards, with drag and drop and keys.

Keys on a card: Enter edits it, Delete deletes it, Ctrl+Left / Ctrl+Right move it to the
previous / next phase, Ctrl+Up / Ctrl+Down move it up or down its column.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from commdesk.domain.enums import Phase
from commdesk.gui.plans.boardmodel import BoardColumnModel, CardDelegate, ItemIdRole
from commdesk.services.calendar import BoardCard
from commdesk.services.plans import PHASE_DESCRIPTIONS

PHASES = list(Phase)


class BoardColumnView(QListView):
    """A column's list of cards; turns the board's keys into signals."""

    editRequested = Signal(int)  # item id
    deleteRequested = Signal(int)
    moveRequested = Signal(int, int, int)  # item id, phase step (-1/+1), row step (-1/+1)

    def __init__(self, phase: Phase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = phase
        self.setAccessibleName(f"{phase.label} items")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(0)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # titles re-wrap to the width
        self.setItemDelegate(CardDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(self._edit_index)

    def current_item(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(ItemIdRole)) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.current_item()
        key = event.key()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if item is not None and ctrl and key in steps:
            self.moveRequested.emit(item, *steps[Qt.Key(key)])
        elif item is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editRequested.emit(item)
        elif item is not None and key == Qt.Key.Key_Delete:
            self.deleteRequested.emit(item)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    @Slot(QModelIndex)
    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editRequested.emit(int(index.data(ItemIdRole)))


class BoardColumn(QFrame):
    """A phase's heading, its line of description, its "+" button and its cards."""

    def __init__(self, model: BoardColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        phase = model.phase
        self.model = model
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"{phase.value}Column")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        heading = QHBoxLayout()
        self.title = QLabel(phase.label)
        self.title.setProperty("role", "subheading")  # resources/style.qss
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.setToolTip(f"Add an item to {phase.label}")
        self.add_button.setAccessibleName(f"Add item to {phase.label}")
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.add_button)
        layout.addLayout(heading)
        self.description = QLabel(PHASE_DESCRIPTIONS[phase])
        self.description.setWordWrap(True)
        self.description.setProperty("role", "caption")
        layout.addWidget(self.description)
        self.view = BoardColumnView(phase)
        self.view.setModel(model)
        self.title.setBuddy(self.view)
        layout.addWidget(self.view, 1)

    def show_count(self) -> None:
        count = self.model.rowCount()
        self.title.setText(f"{self.model.phase.label}  ({count})")


class PlanBoard(QWidget):
    """The board of one plan. It emits what the person asks for; the page does it."""

    addRequested = Signal(object)  # Phase
    editRequested = Signal(int)
    deleteRequested = Signal(int)
    moveRequested = Signal(int, object, int)  # item id, Phase, position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Plan board")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.models: dict[Phase, BoardColumnModel] = {}
        self.columns: dict[Phase, BoardColumn] = {}
        for phase in PHASES:
            model = BoardColumnModel(phase, self._drop, self)
            column = BoardColumn(model)
            column.add_button.clicked.connect(lambda _c=False, p=phase: self.addRequested.emit(p))
            column.view.editRequested.connect(self.editRequested)
            column.view.deleteRequested.connect(self.deleteRequested)
            column.view.moveRequested.connect(self._step)
            self.models[phase] = model
            self.columns[phase] = column
            layout.addWidget(column, 1)

    def set_cards(self, cards: list[BoardCard], follow: int | None = None) -> None:
        """Show these cards; ``follow`` keeps that item current (after a move, say)."""
        follow = follow if follow is not None else self.current_item()
        for phase, model in self.models.items():
            model.set_cards([c for c in cards if c.phase == phase])
            self.columns[phase].show_count()
        if follow is not None:
            self.select(follow)

    def select(self, item_id: int) -> bool:
        for phase, model in self.models.items():
            row = model.row_of(item_id)
            if row is not None:
                view = self.columns[phase].view
                view.setCurrentIndex(model.index(row))
                view.setFocus()
                return True
        return False

    def current_item(self) -> int | None:
        for column in self.columns.values():
            if column.view.hasFocus():
                return column.view.current_item()
        return None

    def _drop(self, item_id: int, phase: Phase, position: int) -> bool:
        if self.models[phase].row_of(item_id) == position:
            return False  # dropped where it is
        self.moveRequested.emit(item_id, phase, position)
        return True

    @Slot(int, int, int)
    def _step(self, item_id: int, phase_step: int, row_step: int) -> None:
        for phase, model in self.models.items():
            row = model.row_of(item_id)
            if row is None:
                continue
            if phase_step:
                index = PHASES.index(phase) + phase_step
                if 0 <= index < len(PHASES):
                    target = PHASES[index]
                    position = min(row, self.models[target].rowCount())
                    self.moveRequested.emit(item_id, target, position)
            elif 0 <= row + row_step < model.rowCount():
                self.moveRequested.emit(item_id, phase, row + row_step)
            return
