"""The background-task helper: results, errors, progress and cancel, always on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from commdesk.errors import ValidationError
from commdesk.gui.tasks import Progress, Task, TaskCancelled, TaskRunner

TIMEOUT = 5_000


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(TIMEOUT)


def on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def test_success_delivers_the_result_on_the_gui_thread(runner: TaskRunner, qtbot: QtBot) -> None:
    worker: list[bool] = []
    received: list[tuple[object, bool]] = []

    def work(progress: Progress) -> int:
        worker.append(on_gui_thread())
        return 6 * 7

    task = runner.run(work, on_success=lambda value: received.append((value, on_gui_thread())))
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        pass
    assert worker == [False]  # the work ran elsewhere
    assert received == [(42, True)]  # the result came back here
    assert not task.running
    qtbot.waitUntil(lambda: runner.active == [], timeout=TIMEOUT)


def test_failure_delivers_the_exception(runner: TaskRunner, qtbot: QtBot) -> None:
    failures: list[BaseException] = []
    successes: list[object] = []

    def work(progress: Progress) -> None:
        raise ValidationError("name", "must not be empty")

    task = runner.run(work, on_success=successes.append, on_failure=failures.append)
    with qtbot.waitSignal(task.failed, timeout=TIMEOUT) as blocker:
        pass
    (error,) = blocker.args
    assert isinstance(error, ValidationError) and error.field == "name"
    assert failures == [error]
    assert successes == []


def test_an_unexpected_error_is_logged_with_its_traceback(
    runner: TaskRunner, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def work(progress: Progress) -> None:
        raise KeyError("surprise")

    task = runner.run(work, name="surprising work")
    with qtbot.waitSignal(task.failed, timeout=TIMEOUT):
        pass
    assert "background task surprising work failed" in caplog.text
    assert "KeyError" in caplog.text


def test_cancel_stops_the_work_and_reports_cancelled(runner: TaskRunner, qtbot: QtBot) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> str:
        started.set()
        for step in range(10_000):
            progress.check()
            steps.append(step)
            threading.Event().wait(0.001)
        return "finished anyway"

    task = runner.run(work)
    successes: list[object] = []
    task.succeeded.connect(successes.append)
    assert started.wait(TIMEOUT / 1000)
    with qtbot.waitSignals([task.cancelled, task.finished], timeout=TIMEOUT):
        task.cancel()
    assert successes == []
    assert len(steps) < 10_000


def test_a_result_returned_after_cancel_is_dropped(runner: TaskRunner, qtbot: QtBot) -> None:
    release = threading.Event()

    def work(progress: Progress) -> str:
        release.wait(TIMEOUT / 1000)
        return "too late"

    task = runner.run(work)
    outcomes: list[str] = []
    task.succeeded.connect(lambda _result: outcomes.append("succeeded"))
    task.cancelled.connect(lambda: outcomes.append("cancelled"))
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        release.set()
    assert outcomes == ["cancelled"]


def test_work_that_stops_with_its_own_error_when_cancelled_reports_cancelled(
    runner: TaskRunner, qtbot: QtBot
) -> None:
    """Like build_demo, which raises its own error once progress() answers False."""

    class Stopped(Exception):
        pass

    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        while progress(None, "working"):
            threading.Event().wait(0.005)
        raise Stopped

    task = runner.run(work)
    failures: list[BaseException] = []
    task.failed.connect(failures.append)
    assert started.wait(TIMEOUT / 1000)
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        task.cancel()
    assert failures == []


def test_progress_reaches_the_gui_thread(runner: TaskRunner, qtbot: QtBot) -> None:
    seen: list[tuple[float, str, bool]] = []
    answers: list[bool] = []

    def work(progress: Progress) -> None:
        progress(None, "Starting")
        threading.Event().wait(0.1)
        answers.append(progress(0.5, "Half way"))
        threading.Event().wait(0.1)
        progress.report(1.0, "Done")

    task = runner.run(work)
    task.progressed.connect(lambda f, m: seen.append((f, m, on_gui_thread())))
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        pass
    assert seen == [(-1.0, "Starting", True), (0.5, "Half way", True), (1.0, "Done", True)]
    assert answers == [True]  # not cancelled: carry on


def test_the_progress_dialog_follows_and_cancels(
    runner: TaskRunner, qtbot: QtBot, qapp: QApplication
) -> None:
    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        progress(0.25, "A quarter")
        while True:
            progress.check()
            threading.Event().wait(0.005)

    task = runner.run(work)
    dialog = task.show_progress(None, "Working", delay_ms=0)
    assert isinstance(dialog, QProgressDialog)
    assert started.wait(TIMEOUT / 1000)
    qtbot.waitUntil(lambda: dialog.value() == 250, timeout=TIMEOUT)
    assert dialog.labelText() == "A quarter"
    (cancel,) = dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(task.cancelled, timeout=TIMEOUT):
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_progress_is_throttled(runner: TaskRunner, qtbot: QtBot) -> None:
    seen: list[float] = []

    def work(progress: Progress) -> None:
        for n in range(1, 20_001):
            progress(n / 20_000, "")

    task = runner.run(work)
    task.progressed.connect(lambda f, _m: seen.append(f))
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT):
        pass
    assert 1 <= len(seen) < 1_000
    assert seen[-1] == 1.0


def test_a_task_cancelled_before_it_starts_never_runs(qapp: QApplication, qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=1)
    gate = threading.Event()
    ran: list[str] = []
    first = runner.run(lambda progress: gate.wait(TIMEOUT / 1000))
    second = runner.run(lambda progress: ran.append("second"))
    second.cancel()
    with qtbot.waitSignal(second.cancelled, timeout=TIMEOUT):
        gate.set()
    assert ran == []
    assert runner.shutdown(TIMEOUT)
    assert isinstance(first, Task)


def test_shutdown_cancels_and_waits(qapp: QApplication) -> None:
    runner = TaskRunner()
    started = threading.Event()
    stopped = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        try:
            while True:
                progress.check()
                threading.Event().wait(0.005)
        except TaskCancelled:
            stopped.set()
            raise

    runner.run(work)
    assert started.wait(TIMEOUT / 1000)
    assert runner.shutdown(TIMEOUT)
    assert stopped.is_set()
