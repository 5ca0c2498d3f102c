"""The dialog that creates or edits a plan (its layout is ui/planeditor.ui), with the small
editable table of its KPIs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from commdesk.domain.enums import KpiMetric, PlanStatus, StakeholderRole
from commdesk.errors import ValidationError
from commdesk.gui import formatting
from commdesk.gui.activity.completion import RecordCompleter
from commdesk.gui.context import AppContext
from commdesk.gui.forms.ui_planeditor import Ui_PlanEditor
from commdesk.gui.plans.fields import (
    FieldMessages,
    OptionalDate,
    fill_enum,
    select_data,
    to_date,
    to_qdate,
)
from commdesk.services.plans import PlanService
from commdesk.services.records import KpiDraft, PlanDraft, PlanRecord
from commdesk.services.search import GlobalSearchService

AnyIndex = QModelIndex | QPersistentModelIndex
Save = Callable[[PlanDraft], object]
ItemRole = Qt.ItemDataRole.UserRole + 1


class KpiDraftModel(QAbstractTableModel):
    """The KPIs being edited: metric, target, due date, label."""

    HEADERS = ("Metric", "Target", "Due", "Label")
    METRIC, TARGET, DUE, LABEL = range(4)

    def __init__(self, kpis: tuple[KpiDraft, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[list[Any]] = [
            [KpiMetric(k.metric), float(k.target_value), k.due_on, k.label or ""] for k in kpis
        ]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.METRIC:
                return value.label
            if column == self.TARGET:
                return formatting.locale().toString(float(value), "g", 12)
            if column == self.DUE:
                return formatting.date_text(value) if value else ""
            return value
        if role == Qt.ItemDataRole.EditRole:
            if column == self.DUE:
                return to_qdate(value) if value else QDate.currentDate()
            return value
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column == self.DUE and isinstance(value, QDate):
            value = to_date(value)
        elif column == self.TARGET:
            value = float(value)
        elif column == self.METRIC:
            value = KpiMetric(value)
        else:
            value = str(value)
        self.rows[index.row()][column] = value
        self.dataChanged.emit(index, index)
        return True

    def add(self, due: date) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append([KpiMetric.ACTIVE_MEMBERS, 100.0, due, ""])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def drafts(self) -> tuple[KpiDraft, ...]:
        return tuple(KpiDraft(m, t, d, label or None) for m, t, d, label in self.rows)


class MetricDelegate(QStyledItemDelegate):
    """Edits a KPI's metric with a list of the metrics."""

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Metric")
        fill_enum(combo, KpiMetric)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _checkable(model: QStandardItemModel, label: str, value: object, checked: bool) -> None:
    item = QStandardItem(label)
    item.setCheckable(True)
    item.setEditable(False)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(value, ItemRole)
    model.appendRow(item)


def _checked(model: QStandardItemModel) -> list[Any]:
    values = []
    for row in range(model.rowCount()):
        item = model.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            values.append(item.data(ItemRole))
    return values


class PlanEditor(QDialog):
    """Edits a plan; Save hands a draft to ``save``, which raises a ValidationError for a
    refused field: the dialog then shows it next to the field and stays open."""

    def __init__(
        self,
        context: AppContext,
        save: Save,
        *,
        plan: PlanRecord | None = None,
        owner_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PlanEditor()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]  # generated by uic
        self._save = save
        ui = self.ui
        self.setWindowTitle("Edit plan" if plan else "New plan")
        fill_enum(ui.statusCombo, PlanStatus)
        self.owner = RecordCompleter(ui.ownerEdit, GlobalSearchService(context.store).people)
        self.starts = OptionalDate(ui.startCheck, ui.startEdit)
        self.ends = OptionalDate(ui.endCheck, ui.endEdit)

        chosen = set(plan.target_community_ids) if plan else set()
        self.communities = QStandardItemModel(self)
        for community_id, name in PlanService(context.store).community_choices():
            _checkable(self.communities, name, community_id, community_id in chosen)
        ui.communitiesView.setModel(self.communities)
        roles = set(plan.target_roles) if plan else set()
        self.roles = QStandardItemModel(self)
        for role in StakeholderRole:
            _checkable(self.roles, role.label, role, role in roles)
        ui.rolesView.setModel(self.roles)

        self.kpis = KpiDraftModel(plan.kpis if plan else (), self)
        view = ui.kpiView
        view.setModel(self.kpis)
        view.setItemDelegateForColumn(KpiDraftModel.METRIC, MetricDelegate(view))
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        ui.addKpiButton.clicked.connect(self.add_kpi)
        ui.removeKpiButton.clicked.connect(self.remove_kpi)

        self.messages = FieldMessages(
            {
                "name": ui.nameError,
                "objective": ui.objectiveError,
                "owner": ui.ownerError,
                "start": ui.startError,
                "end": ui.endError,
                "KPI target": ui.kpiError,
                "KPI label": ui.kpiError,
                "KPI metric": ui.kpiError,
            },
            {
                "name": ui.nameEdit,
                "objective": ui.objectiveEdit,
                "owner": ui.ownerEdit,
                "start": ui.startEdit,
                "end": ui.endEdit,
                "KPI target": ui.kpiView,
            },
            ui.formError,
        )
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        ui.buttonBox.accepted.connect(self.submit)
        ui.buttonBox.rejected.connect(self.reject)

        select_data(ui.statusCombo, plan.status if plan else PlanStatus.DRAFT)
        if plan is not None:
            ui.nameEdit.setText(plan.name)
            ui.objectiveEdit.setPlainText(plan.objective or "")
            if plan.owner_id is not None:
                self.owner.set_record(plan.owner_id, owner_name)
            self.starts.set(plan.starts_on)
            self.ends.set(plan.ends_on)
        ui.nameEdit.setFocus()

    @Slot()
    def add_kpi(self) -> None:
        due = self.ends.value() or date.today() + timedelta(days=90)
        row = self.kpis.add(due)
        self.ui.kpiView.setCurrentIndex(self.kpis.index(row, KpiDraftModel.TARGET))
        self.ui.kpiView.setFocus()

    @Slot()
    def remove_kpi(self) -> None:
        self.kpis.remove(self.ui.kpiView.currentIndex().row())

    def draft(self) -> PlanDraft:
        ui = self.ui
        if ui.ownerEdit.text().strip() and self.owner.record_id is None:
            raise ValidationError("owner", "choose a person from the suggestions (or clear it)")
        return PlanDraft(
            name=ui.nameEdit.text(),
            objective=ui.objectiveEdit.toPlainText(),
            owner_id=self.owner.record_id,
            starts_on=self.starts.value(),
            ends_on=self.ends.value(),
            status=ui.statusCombo.currentData(),
            target_community_ids=tuple(_checked(self.communities)),
            target_roles=tuple(_checked(self.roles)),
            kpis=self.kpis.drafts(),
        )

    @Slot()
    def submit(self) -> None:
        """Save, or show why not next to the field (keeping everything typed)."""
        self.messages.clear()
        try:
            self._save(self.draft())
        except ValidationError as error:
            self.messages.show(error.field, error.message)
            return
        self.accept()
