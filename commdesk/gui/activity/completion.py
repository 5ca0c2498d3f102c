"""Choosing a person or a community by typing: a line edit with a completer that asks the
database (a LIMIT query per pause in typing) and remembers the id of the choice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from commdesk.services.search import SearchHit

SUGGESTIONS = 20
LOOKUP_DELAY_MS = 150
IdRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2

Lookup = Callable[[str, int], list[SearchHit]]


class RecordCompleter(QObject):
    """Attached to a line edit: suggests records as the person types; ``chosen`` carries the
    id of the one picked (None once the text no longer names it)."""

    chosen = Signal(object)  # int | None

    def __init__(self, edit: QLineEdit, lookup: Lookup) -> None:
        super().__init__(edit)
        self.edit = edit
        self._lookup = lookup
        self._id: int | None = None
        self._name = ""
        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        # The database has filtered already; the completer shows every suggestion it gets.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NameRole)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]
            self._activated
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._timer.timeout.connect(self.suggest)
        edit.textEdited.connect(self._edited)

    @property
    def record_id(self) -> int | None:
        return self._id

    def set_record(self, record_id: int | None, name: str = "") -> None:
        """Show a chosen record (or none) without asking the database."""
        self._id, self._name = record_id, name if record_id is not None else ""
        self.edit.setText(self._name)
        self.chosen.emit(record_id)

    @Slot()
    def suggest(self) -> None:
        """Ask for the records matching the text now; the popup lists them."""
        self._timer.stop()
        text = self.edit.text().strip()
        self.suggestions.clear()
        if not text:
            return
        for hit in self._lookup(text, SUGGESTIONS):
            label = f"{hit.name} — {hit.detail}" if hit.detail else hit.name
            item = QStandardItem(label)
            item.setData(hit.id, IdRole)
            item.setData(hit.name, NameRole)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount() and self.edit.hasFocus():
            self.completer.complete()

    def choose_row(self, row: int) -> None:
        """Pick a suggestion (what a click or Enter in the popup does)."""
        self._activated(self.suggestions.index(row, 0))

    @Slot(str)
    def _edited(self, text: str) -> None:
        if self._id is not None and text != self._name:
            self._id, self._name = None, ""
            self.chosen.emit(None)
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.suggestions.clear()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.isValid():
            return
        self._id = int(index.data(IdRole))
        self._name = str(index.data(NameRole))
        self.edit.setText(self._name)
        self.chosen.emit(self._id)
