"""A line edit that finds a person as you type (the full-text search, 20 at most)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from commdesk.services.people import PeopleService

SUGGESTIONS = 20
PersonIdRole = Qt.ItemDataRole.UserRole + 1


class PersonPicker(QObject):
    """Turns a QLineEdit into a person chooser. :attr:`person_id` is the person picked from
    the suggestions, or the only person whose name is exactly the text typed."""

    def __init__(self, edit: QLineEdit, people: PeopleService) -> None:
        super().__init__(edit)
        self.edit = edit
        self.people = people
        self._chosen: tuple[int, str] | None = None
        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        # The search already matched (anywhere in names, emails and handles); show it as is.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(self.completer)
        edit.textEdited.connect(self.suggest)
        self.completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]

    @Slot(str)
    def suggest(self, text: str) -> None:
        """Ask the store for the people matching ``text`` (one indexed query, LIMIT 20)."""
        self.suggestions.clear()
        for person_id, name in self.people.search(text, limit=SUGGESTIONS):
            item = QStandardItem(name)
            item.setData(person_id, PersonIdRole)
            item.setEditable(False)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount() and self.edit.hasFocus():
            self.completer.complete()

    @Slot(QModelIndex)
    def _picked(self, index: QModelIndex) -> None:
        person_id = index.data(PersonIdRole)
        name = str(index.data(Qt.ItemDataRole.DisplayRole))
        if person_id is not None:
            self.set_person(int(person_id), name)

    def set_person(self, person_id: int | None, name: str | None) -> None:
        """Show a person (or nobody) as chosen."""
        self._chosen = (person_id, name or "") if person_id is not None else None
        self.edit.setText(name or "")

    @property
    def person_id(self) -> int | None:
        text = self.edit.text().strip()
        if not text:
            return None
        if self._chosen is not None and self._chosen[1] == text:
            return self._chosen[0]
        exact = [pid for pid, name in self.people.search(text, limit=SUGGESTIONS) if name == text]
        return exact[0] if len(exact) == 1 else None
