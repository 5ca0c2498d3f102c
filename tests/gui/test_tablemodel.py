"""The SQL-paged table models and the sidebar model, checked by Qt's model tester."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import ClassVar

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from commdesk.domain.enums import StakeholderRole
from commdesk.gui import formatting
from commdesk.gui.activity.page import ActivityTableModel
from commdesk.gui.communities.page import CommunitiesTableModel
from commdesk.gui.organisations.page import OrganisationsTableModel
from commdesk.gui.people.page import PeopleTableModel
from commdesk.gui.plans.page import PlanItemsTableModel
from commdesk.gui.platforms.page import AccountsTableModel
from commdesk.gui.sections import CountRole, Section, SectionListModel
from commdesk.gui.tablemodel import IdRole, SqlPagedTableModel, ValueRole
from commdesk.gui.tasks import TaskRunner
from commdesk.services import listings, tables
from commdesk.services.overview import OverviewService
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.services.tables import TableService
from commdesk.store import Store
from tests.gui.conftest import Sample

MODELS: list[type[SqlPagedTableModel]] = [
    PeopleTableModel,
    OrganisationsTableModel,
    CommunitiesTableModel,
    PlanItemsTableModel,
    ActivityTableModel,
    AccountsTableModel,
]


def names(model: SqlPagedTableModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@pytest.mark.parametrize("model_class", MODELS, ids=lambda c: c.__name__)
def test_every_table_model_passes_the_model_tester(
    app: QApplication, qtmodeltester: ModelTester, sample: Sample, model_class: type
) -> None:
    model = model_class(TableService(sample.store))
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.sort(model.columnCount() - 1, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("a")
    model.refresh()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_the_sidebar_model_passes_the_model_tester(
    app: QApplication, qtmodeltester: ModelTester, sample: Sample
) -> None:
    model = SectionListModel()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.set_counts(OverviewService(sample.store).section_counts())
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    assert model.index(model.row_of(Section.PEOPLE)).data(CountRole) == 3


def test_column_constants_follow_the_spec() -> None:
    for model_class in MODELS:
        for position, key in enumerate(model_class.spec.keys):
            assert getattr(model_class, key.upper()) == position
    assert PeopleTableModel.spec is listings.PEOPLE


def test_a_constant_that_disagrees_with_the_spec_is_refused() -> None:
    with pytest.raises(TypeError, match="EMAIL must be 3"):

        class Wrong(SqlPagedTableModel):
            spec = listings.PEOPLE
            NAME, ORGANISATION, ROLES, LAST_ACTIVITY, EMAIL = range(5)


def test_values_read_as_people_expect(app: QApplication, sample: Sample) -> None:
    model = PeopleTableModel(TableService(sample.store))
    ada, alan, grace = range(3)
    assert model.headerData(model.LAST_ACTIVITY, Qt.Orientation.Horizontal) == "Last activity"
    assert model.index(ada, model.ROLES).data() == "Employee, Partner"
    assert model.index(ada, model.ROLES).data(ValueRole) == (
        StakeholderRole.EMPLOYEE,
        StakeholderRole.PARTNER,
    )
    assert model.index(ada, model.NAME).data(IdRole) == sample.people["ada"]
    assert model.row_id(alan) == sample.people["alan"]
    assert model.index(alan, model.EMAIL).data() == ""
    last = model.index(grace, model.LAST_ACTIVITY).data(ValueRole)
    assert isinstance(last, datetime) and last.tzinfo is not None
    # A date, in the local time zone, without the time.
    assert model.index(grace, model.LAST_ACTIVITY).data() == formatting.date_text(
        last.astimezone().date()
    )
    assert model.index(grace, model.LAST_ACTIVITY).data(Qt.ItemDataRole.ToolTipRole)


def test_numbers_are_right_aligned_and_grouped(app: QApplication, sample: Sample) -> None:
    model = OrganisationsTableModel(TableService(sample.store))
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, model.PEOPLE).data() == "1"
    assert model.index(0, model.PEOPLE).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert (
        model.headerData(model.PEOPLE, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
        == right
    )
    assert formatting.count_text(5012) in ("5,012", "5.012", "5 012", "5 012", "5 012")


def test_timestamps_show_date_and_time_in_the_activity_log(
    app: QApplication, sample: Sample
) -> None:
    model = ActivityTableModel(TableService(sample.store))
    when = model.index(0, model.WHEN).data(ValueRole)
    assert model.index(0, model.WHEN).data() == formatting.timestamp_text(when)
    assert ":" in model.index(0, model.WHEN).data()
    assert model.index(0, model.KIND).data() == "Comment"
    assert model.index(0, model.PLATFORM).data() == "GitHub"


class SmallBlocks(PeopleTableModel):
    BLOCK_SIZE: ClassVar[int] = 4
    MAX_BLOCKS: ClassVar[int] = 2


@pytest.fixture
def crowd(store: Store) -> Store:
    people = PeopleService(store)
    for n in range(23):
        people.create(PersonDraft(f"Person {n:02d}", emails=(f"p{n}@example.org",)))
    return store


def test_rows_are_read_block_by_block_on_demand(app: QApplication, crowd: Store) -> None:
    model = SmallBlocks(TableService(crowd))
    assert model.rowCount() == 23
    assert model.queries == 0  # counting reads no rows
    assert model.index(0, 0).data() == "Person 00"
    assert (model.queries, model.cached_rows()) == (1, 4)
    assert model.index(3, 0).data() == "Person 03"
    assert model.queries == 1  # same block
    assert model.index(22, 0).data() == "Person 22"  # the last, short block
    assert model.queries == 2
    assert model.index(9, 0).data() == "Person 09"
    assert model.queries == 3
    assert model.cached_rows() <= 2 * 4  # the oldest block was let go
    assert model.index(0, 0).data() == "Person 00"
    assert model.queries == 4


def test_scrolling_down_seeks_past_the_block_before(
    app: QApplication, crowd: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = SmallBlocks(TableService(crowd))
    calls: list[object] = []
    original = TableService.page

    def spy(self: TableService, *args: object, **kwargs: object) -> list[tables.Row]:
        calls.append(kwargs.get("after"))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TableService, "page", spy)
    seen = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert seen == [f"Person {n:02d}" for n in range(23)]
    assert calls[0] is None
    assert all(after is not None for after in calls[1:])


@pytest.mark.parametrize("key", ["name", "email", "last_activity"])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_blocks_near_the_end_are_read_backwards_with_the_same_rows(
    app: QApplication, crowd: Store, key: str, order: Qt.SortOrder
) -> None:
    backwards = SmallBlocks(TableService(crowd))
    backwards.sort(backwards.spec.index(key), order)
    from_the_end = [backwards.row_id(row) for row in range(22, -1, -1)][::-1]
    forwards = PeopleTableModel(TableService(crowd))  # one block: read from the start
    forwards.sort(forwards.spec.index(key), order)
    assert from_the_end == [forwards.row_id(row) for row in range(23)]


def test_sorting_and_filtering_are_new_queries(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    model.sort(model.NAME, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Person 22"
    assert model.rowCount() == 23
    with qtbot.waitSignal(model.counted) as counted:
        model.set_filter_text("  p1@  ")
    assert counted.args == [1, 23]
    assert names(model) == ["Person 01"]
    with qtbot.waitSignal(model.counted) as counted:
        model.set_filter_text("Person 1")  # a short word must appear in the name
    assert counted.args == [12, 23]
    assert names(model) == [f"Person {n:02d}" for n in range(22, -1, -1) if "1" in f"{n:02d}"]
    assert model.total() == 23


def test_a_new_filter_shows_its_first_rows_before_it_counts(
    app: QApplication, qtbot: QtBot, qtmodeltester: ModelTester, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    counts = model.count_queries
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.counted) as counted:
        model.set_filter_text("Person")
        # The first block is full: its rows are promised and readable, nothing counted yet.
        assert (model.rowCount(), model.count_queries) == (4, counts)
        assert names(model) == [f"Person {n:02d}" for n in range(4)]
        assert model.canFetchMore(QModelIndex())
    # Then the count ran (once) and the rows grew to it.
    assert counted.args == [23, 23]
    assert (model.count_queries, inserted) == (counts + 1, [(4, 22)])
    assert model.rowCount() == 23 and not model.canFetchMore(QModelIndex())
    assert names(model) == [f"Person {n:02d}" for n in range(23)]
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_a_short_first_block_is_the_count(app: QApplication, qtbot: QtBot, crowd: Store) -> None:
    model = PeopleTableModel(TableService(crowd))
    model.rowCount()
    counts = model.count_queries
    with qtbot.waitSignal(model.counted, timeout=0) as counted:  # at once, no COUNT query
        model.set_filter_text("Person 2")
    assert counted.args == [5, 23]
    assert (model.rowCount(), model.count_queries) == (5, counts)


def test_scrolling_to_the_last_promised_row_counts_at_once(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    model.set_filter_text("Person")
    assert model.rowCount() == 4
    with qtbot.waitSignal(model.counted, timeout=0) as counted:
        model.fetchMore(QModelIndex())
    assert (counted.args, model.rowCount()) == ([23, 23], 23)
    with qtbot.assertNotEmitted(model.counted, wait=SmallBlocks.COUNT_DELAY_MS + 50):
        pass  # announced once, the pending count was dropped


def test_rows_gone_before_the_count_are_removed(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    model.set_filter_text("Person")
    assert model.rowCount() == 4
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    everyone = PeopleTableModel(TableService(crowd))  # one block: every id at hand
    PeopleService(crowd).delete([everyone.row_id(row) or 0 for row in range(2, 23)])
    with qtbot.waitSignal(model.counted) as counted:
        pass
    assert removed == [(2, 3)]
    assert counted.args == [2, 2]
    assert names(model) == ["Person 00", "Person 01"]


def test_a_painting_view_gets_the_count_right_after(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 80)  # a few rows: the last promised row stays out of sight
    view.show()
    qtbot.waitExposed(view)
    model.set_filter_text("Person")
    assert view.model().rowCount() == 4
    with qtbot.waitSignal(model.counted, timeout=SmallBlocks.COUNT_DELAY_MS) as counted:
        view.viewport().repaint()  # the view asks for cells: the count follows at once
    assert counted.args == [23, 23]
    assert view.verticalHeader().count() == 23


def test_the_total_is_never_taken_from_promised_rows(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    model = SmallBlocks(TableService(crowd))
    with qtbot.waitSignal(model.counted) as counted:
        model.refresh()
        assert model.total() == 4  # what is shown so far, not remembered
    assert counted.args == [23, 23]
    assert model.total() == 23


def test_an_unsortable_column_keeps_the_order(
    app: QApplication, qtbot: QtBot, sample: Sample
) -> None:
    model = ActivityTableModel(TableService(sample.store))
    assert not model.is_sortable(model.PERSON)
    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(model.PERSON, Qt.SortOrder.AscendingOrder)
    assert (model.sort_column, model.sort_order) == (model.WHEN, Qt.SortOrder.DescendingOrder)
    tip = model.headerData(model.PERSON, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "This table sorts by “When” only"


def test_refresh_sees_new_rows(app: QApplication, qtbot: QtBot, sample: Sample) -> None:
    model = PeopleTableModel(TableService(sample.store))
    assert model.rowCount() == 3
    PeopleService(sample.store).create(PersonDraft("Barbara Liskov"))
    assert model.rowCount() == 3  # cached until asked
    with qtbot.waitSignal(model.modelReset):
        model.refresh()
    assert model.rowCount() == 4
    assert names(model)[1] == "Alan Turing"


def test_a_failing_query_leaves_an_empty_table_not_a_crash(
    app: QApplication,
    sample: Sample,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = PeopleTableModel(TableService(sample.store))
    assert model.rowCount() == 3

    def locked(*_args: object, **_kwargs: object) -> list[tables.Row]:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(TableService, "page", locked)
    assert model.index(0, 0).data() is None
    assert "could not read rows of people" in caplog.text


def test_data_outside_the_table_is_none(app: QApplication, sample: Sample) -> None:
    model = PeopleTableModel(TableService(sample.store))
    assert model.index(99, 0).data() is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(99, Qt.Orientation.Horizontal) is None


def test_with_a_task_runner_the_count_runs_on_a_worker(
    app: QApplication, qtbot: QtBot, qtmodeltester: ModelTester, crowd: Store
) -> None:
    runner = TaskRunner()
    model = SmallBlocks(TableService(crowd), tasks=runner)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]  # (a new model counts at once)
    threads: list[int] = []  # where the people are counted from now on
    event.listen(
        crowd.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_rest: (
            threads.append(threading.get_ident())
            if statement.startswith("SELECT count(*) AS count_1 \nFROM people")
            else None
        ),
    )
    with qtbot.waitSignal(model.counted, timeout=5000) as counted:
        model.set_filter_text("Person")
        assert model.rowCount() == 4  # the first block, promised before any count
        model.fetchMore(QModelIndex())  # the view reached the end: the count starts...
        assert model.rowCount() == 4  # ...but the GUI thread does not wait for it
    assert counted.args == [23, 23]
    assert model.rowCount() == 23 and names(model)[-1] == "Person 22"
    assert len(threads) == 1 and threads[0] != threading.get_ident()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    runner.shutdown()


def test_a_count_made_stale_by_new_text_is_stopped_and_dropped(
    app: QApplication, qtbot: QtBot, crowd: Store
) -> None:
    runner = TaskRunner()
    model = SmallBlocks(TableService(crowd), tasks=runner)
    announced: list[list[int]] = []
    model.counted.connect(lambda rows, total: announced.append([rows, total]))
    model.set_filter_text("Person")
    model.fetchMore(QModelIndex())  # counting "Person" on a worker
    stale = runner.active
    assert len(stale) == 1
    with qtbot.waitSignal(stale[0].finished, timeout=5000):
        model.set_filter_text("Person 1")  # before that count came back
    with qtbot.waitSignal(model.counted, timeout=5000) as counted:
        model.fetchMore(QModelIndex())
    assert counted.args == [12, 23]
    assert announced == [[12, 23]]  # the answer for "Person" never showed
    assert model.rowCount() == 12
    runner.shutdown()
