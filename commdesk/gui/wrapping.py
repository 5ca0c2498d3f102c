"""Word-wrapped labels that are exactly as tall as their lines.

Qt's layouts ask a wrapped label for its height before they know its width, and some of them
(a stacked page, a grid in a scroll area) never ask again, so the last lines get cut. A label
handed to :func:`fit_height` sets its own height from its width whenever its width, font or
style changes; call :func:`refit` after changing the text of such labels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_REFIT_ON = frozenset(
    {QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange}
)


class _HeightFromWidth(QObject):
    """Installed on a label (and owned by it): keeps its height to its text's."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _REFIT_ON and isinstance(watched, QLabel):
            _fit(watched)
        return False


def _fit(label: QLabel) -> None:
    fixed = label.minimumHeight()
    label.setMinimumHeight(0)  # a label's height for a width is never below its minimum
    height = label.heightForWidth(label.width())
    label.setFixedHeight(height if height > 0 else fixed)


def fit_height(label: QLabel) -> None:
    """Keep a wrapped label as tall as its text at its current width."""
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    label.setSizePolicy(policy)
    label.installEventFilter(_HeightFromWidth(label))


def refit(parent: QWidget) -> None:
    """Fit again every label under ``parent`` that :func:`fit_height` looks after (after
    their text changed: a new text sends no event a filter could see)."""
    for label in parent.findChildren(QLabel):
        if label.findChild(_HeightFromWidth) is not None:
            _fit(label)
