"""Fixtures for the window tests: a styled app, isolated settings, a small real database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import ActivityKind, ItemStatus, Phase, Platform, StakeholderRole
from commdesk.gui import app as app_module
from commdesk.gui.app import create_application
from commdesk.gui.mainwindow import MainWindow
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import OrganisationDraft, PersonDraft, PlanDraft, PlanItemDraft
from commdesk.store import Store


def run_app(
    path: Path,
    demo: bool = False,
    *,
    poll: Callable[[], None] | None = None,
    every_ms: int = 50,
    limit_ms: int = 20_000,
) -> int:
    """``app.run(path, demo)`` as the command line runs it, with ``poll`` called every
    ``every_ms`` meanwhile (to close the window when the test has seen enough); after
    ``limit_ms`` the app quits whatever happened, so that a test never hangs the suite."""
    timer = QTimer()
    if poll is not None:
        timer.timeout.connect(poll)
        timer.start(every_ms)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(QApplication.quit)
    safety.start(limit_ms)
    try:
        return app_module.run(path, demo)
    finally:
        safety.stop()
        timer.stop()


def close_ready_windows() -> None:
    """Close the main windows whose database is open (attached)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible() and widget.ready:
            widget.close()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings made without a file name write under tmp_path, never to the real profile."""
    folder = tmp_path / "settings"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    """The test QApplication, named, styled and with the resources, as the real app is."""
    return create_application()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@dataclass
class Sample:
    store: Store
    people: dict[str, int]
    plan: int


@pytest.fixture
def sample(store: Store) -> Sample:
    """Three people (one with activity), an organisation and a plan with items."""
    acme = OrganisationService(store).create(OrganisationDraft("Acme Corp"))
    people = PeopleService(store)
    ids = {
        "ada": people.create(
            PersonDraft(
                "Ada Lovelace",
                emails=("ada@acme.io",),
                organisation_id=acme,
                roles=(StakeholderRole.PARTNER, StakeholderRole.EMPLOYEE),
            )
        ),
        "grace": people.create(PersonDraft("Grace Hopper", emails=("grace@navy.example",))),
        "alan": people.create(PersonDraft("Alan Turing", roles=(StakeholderRole.CUSTOMER,))),
    }
    ActivityService(store).log(
        ActivityDraft(
            person_id=ids["grace"],
            occurred_at=datetime.now(UTC) - timedelta(days=3),
            platform=Platform.GITHUB,
            kind=ActivityKind.COMMENT,
            title="Reviewed the compiler",
        )
    )
    plans = PlanService(store)
    plan = plans.create(PlanDraft("Open source programme"))
    for title, phase, status in (
        ("Contribution policy", Phase.INTERNAL, ItemStatus.DONE),
        ("Train maintainers", Phase.INTERNAL, ItemStatus.IN_PROGRESS),
        ("Conference talk", Phase.EXTERNAL, ItemStatus.PLANNED),
    ):
        plans.add_item(plan, PlanItemDraft(title, phase=phase, status=status))
    return Sample(store, ids, plan)


@pytest.fixture
def window(
    app: QApplication, qtbot: QtBot, sample: Sample, settings: QSettings
) -> Iterator[MainWindow]:
    """The main window on the sample database, shown, with its first counts read."""
    opened = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(opened)
    with qtbot.waitSignal(opened.figuresChanged, timeout=10_000):
        opened.show()
    yield opened
    opened.close()
