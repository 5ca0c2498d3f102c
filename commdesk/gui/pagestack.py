"""The main window's section pages, each built the first time it is shown or asked for.

Building every page at start-up (their forms, models, first queries, the charts' pyqtgraph)
costs more than showing the window itself; most sessions visit a few sections. Until a page
is built, the stack holds an empty placeholder in its place, so the stack's order (and the
sidebar's) never changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from commdesk.gui.sections import Section

PageFactory = Callable[[], QWidget]


class LazyPages(QObject):
    """``pages[section]`` builds the page if needed; ``items()``/``values()`` list only the
    pages built so far, in sidebar order. ``created`` tells the window of a new page."""

    created = Signal(object, QWidget)  # Section, the page

    def __init__(
        self,
        stack: QStackedWidget,
        factories: dict[Section, PageFactory],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._stack = stack
        self._factories = factories
        self._built: dict[Section, QWidget] = {}
        self._placeholders: dict[Section, QWidget] = {}
        for section in Section:
            placeholder = QWidget()
            placeholder.setObjectName(f"{section.key}Placeholder")
            self._placeholders[section] = placeholder
            stack.addWidget(placeholder)

    def __getitem__(self, section: Section) -> QWidget:
        page = self._built.get(section)
        if page is None:
            page = self._factories[section]()
            placeholder = self._placeholders.pop(section)
            current = self._stack.currentWidget() is placeholder
            self._stack.insertWidget(self._stack.indexOf(placeholder), page)
            if current:
                self._stack.setCurrentWidget(page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[section] = page
            self.created.emit(section, page)
        return page

    def is_built(self, section: Section) -> bool:
        return section in self._built

    def section_of(self, widget: QWidget | None) -> Section | None:
        for section in Section:
            if widget is not None and widget in (
                self._built.get(section),
                self._placeholders.get(section),
            ):
                return section
        return None

    def items(self) -> Iterator[tuple[Section, QWidget]]:
        for section in Section:
            if section in self._built:
                yield section, self._built[section]

    def values(self) -> Iterator[QWidget]:
        for _section, page in self.items():
            yield page
