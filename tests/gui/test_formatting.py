"""How values read in the window: counts, dates, moments, enums, locations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from commdesk.domain.enums import ItemStatus, Platform, StakeholderRole
from commdesk.gui import formatting
from commdesk.services.tables import ColumnKind


@pytest.fixture
def british() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("en_GB"))
    yield
    QLocale.setDefault(previous)


def test_counts_and_plurals(british: None) -> None:
    assert formatting.count_text(5012) == "5,012"
    assert formatting.plural(1, "person", "people") == "1 person"
    assert formatting.plural(1_000_000, "person", "people") == "1,000,000 people"


def test_an_unset_locale_reads_as_british_english() -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale.c())
    try:
        assert formatting.count_text(5012) == "5,012"
    finally:
        QLocale.setDefault(previous)


def test_dates_and_moments(british: None) -> None:
    assert formatting.date_text(date(2026, 11, 26)) == "26 Nov 2026"
    moment = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    local = moment.astimezone()
    assert formatting.timestamp_text(moment) == f"{local.day} Nov 2026 {local:%H:%M}"
    assert formatting.timestamp_text(moment, with_time=False) == f"{local.day} Nov 2026"
    assert formatting.time_text(moment) == f"{local:%H:%M}"


def test_cells_by_kind(british: None) -> None:
    value = formatting.value_text
    assert value(ColumnKind.NUMBER, 1234) == "1,234"
    assert value(ColumnKind.TEXT, None) == ""
    assert value(ColumnKind.ENUM, Platform.GITHUB) == "GitHub"
    assert value(ColumnKind.ENUM, ItemStatus.IN_PROGRESS) == "In progress"
    roles = (StakeholderRole.EMPLOYEE, StakeholderRole.PARTNER)
    assert value(ColumnKind.ENUM_LIST, roles) == "Employee, Partner"
    assert value(ColumnKind.DATE, date(2027, 1, 2)) == "2 Jan 2027"


def test_locations_under_home_are_shortened(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert formatting.location_text(f"{tmp_path}/data/commdesk.sqlite") == "~/data/commdesk.sqlite"
    assert formatting.location_text(f"{tmp_path}-other/x.sqlite") == f"{tmp_path}-other/x.sqlite"
    assert formatting.location_text("/srv/commdesk.sqlite") == "/srv/commdesk.sqlite"
