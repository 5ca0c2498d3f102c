"""The Details tab of a community: name, purpose, scope, owner, channels and tags."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from commdesk.domain.enums import CommunityScope, Platform
from commdesk.errors import ValidationError
from commdesk.gui.communities.fields import FieldErrors
from commdesk.gui.communities.personpicker import PersonPicker
from commdesk.gui.forms.ui_communitydetail import Ui_CommunityDetail
from commdesk.services.people import PeopleService
from commdesk.services.records import ChannelDraft, CommunityDraft, CommunityRecord


class ChannelRow(QWidget):
    """One channel: the platform and the address there, with a button to remove it."""

    removeRequested = Signal(QWidget)
    edited = Signal()

    def __init__(self, channel: ChannelDraft | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As tall as its fields: the space below the form is the form's spacer's.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.platform = QComboBox(self)
        self.platform.setAccessibleName("Channel platform")
        for platform in Platform:
            self.platform.addItem(platform.label, platform)
        self.address = QLineEdit(self)
        self.address.setAccessibleName("Channel address")
        self.address.setPlaceholderText("Address, handle or URL")
        self.remove = QToolButton(self)
        self.remove.setText("Remove")
        self.remove.setAccessibleName("Remove channel")
        self.remove.setToolTip("Remove this channel")
        layout.addWidget(self.platform)
        layout.addWidget(self.address, 1)
        layout.addWidget(self.remove)
        if channel is not None:
            self.platform.setCurrentIndex(
                max(self.platform.findData(Platform(channel.platform)), 0)
            )
            self.address.setText(channel.address)
            self.address.setCursorPosition(0)  # the start of a long URL says more than its end
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))
        self.platform.currentIndexChanged.connect(self.edited)
        self.address.textEdited.connect(self.edited)

    def draft(self) -> ChannelDraft:
        return ChannelDraft(self.platform.currentData(), self.address.text())


class CommunityEditor(QObject):
    """Fills the Details tab from a record and reads a draft back; says when it was edited."""

    edited = Signal()

    def __init__(self, ui: Ui_CommunityDetail, people: PeopleService) -> None:
        super().__init__(ui.detailsTab)
        self.ui = ui
        for scope in CommunityScope:
            ui.scopeCombo.addItem(scope.label, scope)
        self.owner = PersonPicker(ui.ownerEdit, people)
        self.channels: list[ChannelRow] = []
        self.errors = FieldErrors(
            {
                "name": ui.nameError,
                "purpose": ui.purposeError,
                "owner": ui.ownerError,
                "scope": ui.nameError,
                "channel platform": ui.channelsError,
                "channel address": ui.channelsError,
                "channels": ui.channelsError,
                "tags": ui.tagsError,
            },
            fallback="name",
        )
        self._loading = False
        ui.addChannelButton.clicked.connect(self.add_channel)
        ui.nameEdit.textEdited.connect(self._edited)
        ui.purposeEdit.textChanged.connect(self._edited)
        ui.scopeCombo.currentIndexChanged.connect(self._edited)
        ui.ownerEdit.textEdited.connect(self._edited)
        ui.tagsEdit.textEdited.connect(self._edited)

    def load(self, record: CommunityRecord | None) -> None:
        """Show a community (None: an empty form for a new one)."""
        self._loading = True
        try:
            ui = self.ui
            ui.nameEdit.setText(record.name if record else "")
            ui.purposeEdit.setPlainText(record.purpose or "" if record else "")
            scope = record.scope if record else CommunityScope.EXTERNAL
            ui.scopeCombo.setCurrentIndex(ui.scopeCombo.findData(scope))
            if record is not None and record.owner_id is not None:
                self.owner.set_person(record.owner_id, record.owner)
            else:
                self.owner.set_person(None, None)
            for row in list(self.channels):
                self._drop(row)
            for channel in record.channels if record else ():
                self._add(channel)
            ui.tagsEdit.setText(", ".join(record.tags) if record else "")
            self.errors.clear()
        finally:
            self._loading = False

    def draft(self) -> CommunityDraft:
        """What the form holds; refuses an owner that names nobody."""
        ui = self.ui
        owner_id = self.owner.person_id
        if owner_id is None and ui.ownerEdit.text().strip():
            raise ValidationError(
                "owner", f"{ui.ownerEdit.text().strip()!r} is nobody known; pick a suggestion"
            )
        return CommunityDraft(
            name=ui.nameEdit.text(),
            purpose=ui.purposeEdit.toPlainText(),
            scope=ui.scopeCombo.currentData(),
            owner_id=owner_id,
            channels=tuple(row.draft() for row in self.channels),
            tags=tuple(t.strip() for t in ui.tagsEdit.text().split(",") if t.strip()),
        )

    def show_error(self, error: ValidationError) -> None:
        label = self.errors.show(error)
        focus = {
            self.ui.nameError: self.ui.nameEdit,
            self.ui.purposeError: self.ui.purposeEdit,
            self.ui.ownerError: self.ui.ownerEdit,
            self.ui.tagsError: self.ui.tagsEdit,
        }.get(label)
        if focus is not None:
            focus.setFocus()

    @Slot()
    def add_channel(self) -> None:
        row = self._add(None)
        row.address.setFocus()
        self._edited()

    def _add(self, channel: ChannelDraft | None) -> ChannelRow:
        row = ChannelRow(channel, self.ui.channelsBox)
        row.removeRequested.connect(self._remove)
        row.edited.connect(self._edited)
        self.ui.channelRowsLayout.addWidget(row)
        self.channels.append(row)
        return row

    @Slot(QWidget)
    def _remove(self, row: QWidget) -> None:
        if isinstance(row, ChannelRow):
            self._drop(row)
            self.ui.addChannelButton.setFocus()
            self._edited()

    def _drop(self, row: ChannelRow) -> None:
        self.channels.remove(row)
        self.ui.channelRowsLayout.removeWidget(row)
        row.hide()
        row.deleteLater()

    @Slot()
    def _edited(self) -> None:
        if not self._loading:
            self.edited.emit()
