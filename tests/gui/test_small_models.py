"""The small in-memory models of the sections (KPIs, KPI drafts, search results) under Qt's
model tester, filled, edited and emptied as their widgets do."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from commdesk.domain.enums import KpiMetric
from commdesk.gui.plans.kpis import KpiTableModel
from commdesk.gui.plans.planeditor import KpiDraftModel
from commdesk.gui.search.popup import SearchResultsModel
from commdesk.services.records import KpiDraft
from commdesk.services.search import RecordKind, SearchHit

KPIS = (
    KpiDraft(KpiMetric.ACTIVE_MEMBERS, 1200, date(2030, 1, 1), "Active contributors"),
    KpiDraft(KpiMetric.EVENT_ATTENDANCE, 80),
)


def test_the_kpi_table(app: QApplication, qtmodeltester: ModelTester) -> None:
    model = KpiTableModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_kpis(KPIS)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 2 and model.index(0, 1).data() == "Active contributors"
    model.set_kpis(())
    assert model.rowCount() == 0


def test_the_kpi_drafts_of_the_plan_editor(app: QApplication, qtmodeltester: ModelTester) -> None:
    model = KpiDraftModel(KPIS)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    row = model.add(date(2031, 6, 30))
    assert model.rowCount() == 3
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEditable
    model.remove(0)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert len(model.drafts()) == 2


def test_the_search_results(app: QApplication, qtmodeltester: ModelTester) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    hits = [
        SearchHit(RecordKind.PERSON, 1, "Ada Lovelace", "ada@acme.io"),
        SearchHit(RecordKind.ORGANISATION, 2, "Acme Corp"),
    ]
    model.set_hits(hits)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 2 and model.hit(1) == hits[1]
    model.set_hits([])
    assert model.rowCount() == 0 and model.hit(0) is None
