"""What the plan editors share: enum combos, optional dates, and messages next to fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QWidget

from commdesk.domain.enums import LabelledEnum


def fill_enum(
    combo: QComboBox, members: Iterable[LabelledEnum], *, none: str | None = None
) -> None:
    """Offer enum members by their label (each item's data is the member); ``none`` adds a
    first choice meaning "not set"."""
    combo.clear()
    if none is not None:
        combo.addItem(none, None)
    for member in members:
        combo.addItem(member.label, member)


def select_data(combo: QComboBox, value: object) -> None:
    """Select the item whose data is ``value`` (the first one if there is none)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDate:
    """A checkbox that says whether there is a date, and the date edit it enables."""

    def __init__(self, check: QCheckBox, edit: QDateEdit) -> None:
        self.check = check
        self.edit = edit
        edit.setDate(QDate.currentDate())
        check.toggled.connect(edit.setEnabled)
        edit.setEnabled(check.isChecked())

    def set(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))

    def value(self) -> date | None:
        return to_date(self.edit.date()) if self.check.isChecked() else None


class FieldMessages:
    """Shows a refused value's message in the label under its field and leaves the user's
    input as it is; ``fallback`` takes messages about fields without a label of their own."""

    def __init__(
        self, labels: Mapping[str, QLabel], fields: Mapping[str, QWidget], fallback: QLabel
    ) -> None:
        self.labels = dict(labels)
        self.fields = dict(fields)
        self.fallback = fallback
        for label in [*self.labels.values(), fallback]:
            _style_error(label)
            label.hide()

    def clear(self) -> None:
        for label in [*self.labels.values(), self.fallback]:
            label.clear()
            label.hide()

    def show(self, field: str, message: str) -> None:
        """Show ``message`` next to ``field`` (a service's field name) and focus the field."""
        self.clear()
        label = self.labels.get(field)
        if label is None:
            label = self.fallback
            message = f"{field.capitalize()}: {message}"
        else:
            message = message[:1].upper() + message[1:]
        label.setText(message)
        label.show()
        widget = self.fields.get(field)
        if widget is not None:
            widget.setFocus()


def _style_error(label: QLabel) -> None:
    # A red that reads on light and dark palettes alike.
    palette = label.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b00020"))
    label.setPalette(palette)
    label.setAccessibleDescription("Error message")


def enum_label(value: Enum | None) -> str:
    if value is None:
        return ""
    return value.label if isinstance(value, LabelledEnum) else str(value.value)
