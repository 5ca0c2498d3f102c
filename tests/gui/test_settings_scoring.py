"""The Settings page's scoring section: the stored numbers, the formulas in words, and Apply
recomputing every score in the background so that the People table follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.sections import Section
from commdesk.gui.settings.page import SettingsPage
from commdesk.gui.settings.scoring import ScoringSection, WeightsModel
from commdesk.services.engagement import load_settings
from commdesk.services.engagement.scores import stored_score
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def scoring_section(window: MainWindow) -> ScoringSection:
    window.show_section(Section.SETTINGS)
    page = window.page(Section.SETTINGS)
    assert isinstance(page, SettingsPage)
    assert page.scoring is not None
    assert page.scoring.isVisible()
    return page.scoring


def weight_index(model: WeightsModel, kind: ActivityKind) -> object:
    row = next(r for r in range(model.rowCount()) if model.kind_at(r) is kind)
    return model.index(row, WeightsModel.WEIGHT)


def test_the_section_shows_the_stored_numbers_and_the_formulas(window: MainWindow) -> None:
    section = scoring_section(window)
    model = section.weights
    assert model.rowCount() == len(ActivityKind)
    assert model.index(0, WeightsModel.KIND).data() == "Post"
    assert weight_index(model, ActivityKind.MEETING).data() == "8"  # type: ignore[attr-defined]
    assert section.ui.halfLifeSpin.value() == 90
    assert section.ui.leaderSpin.value() == 50
    words = section.ui.formulaLabel.text()
    assert "comment 3" in words and "0.5^(age in days ÷ 90)" in words
    # Grace's comment was logged through the service: her score is already kept.
    assert "Scores computed as of" in section.ui.statusLabel.text()
    assert section.ui.applyButton.text() == "Recompute as of now"


def test_editing_updates_the_words_and_bad_numbers_are_named(window: MainWindow) -> None:
    section = scoring_section(window)
    index = weight_index(section.weights, ActivityKind.COMMENT)
    assert section.weights.setData(index, 6.0)  # type: ignore[arg-type]
    assert "comment 6" in section.ui.formulaLabel.text()
    assert section.ui.applyButton.text() == "Apply and recompute"
    assert not section.weights.setData(index, -1.0)  # type: ignore[arg-type]
    section.ui.halfLifeSpin.setValue(30)
    assert "a quarter after 60" in section.ui.formulaLabel.text()
    section.ui.contributorSpin.setValue(1)  # below participant's 3
    assert section.ui.errorLabel.isVisible()
    assert "level thresholds" in section.ui.errorLabel.text()
    assert not section.ui.applyButton.isEnabled()
    section.restore_defaults()
    assert not section.ui.errorLabel.isVisible()
    assert section.ui.applyButton.isEnabled()
    assert "comment 3" in section.ui.formulaLabel.text()


def test_apply_stores_recomputes_and_every_view_follows(
    window: MainWindow, sample: Sample, qtbot: QtBot
) -> None:
    grace = sample.people["grace"]
    # One comment three days ago: 3 × 0.5^(3/90) ≈ 2.93, just under a participant's 3.
    score, level = stored_score(sample.store, grace)
    assert 2.9 < score < 3 and level is EngagementLevel.OBSERVER
    section = scoring_section(window)
    section.weights.setData(weight_index(section.weights, ActivityKind.COMMENT), 6.0)  # type: ignore[arg-type]
    with qtbot.waitSignals([section.recomputed, window.context.changed], timeout=10_000):
        section.ui.applyButton.click()
    assert load_settings(sample.store).weight(ActivityKind.COMMENT) == 6
    score, level = stored_score(sample.store, grace)
    assert 5.8 < score < 6 and level is EngagementLevel.PARTICIPANT
    qtbot.waitUntil(lambda: section.task is None, timeout=5000)
    assert section.ui.applyButton.text() == "Recompute as of now"

    window.show_section(Section.PEOPLE)
    people = window.page(Section.PEOPLE)
    assert isinstance(people, PeoplePage)
    model = people.model
    column = model.spec.index("engagement")

    def level_of(name: str) -> object:
        for row in range(model.rowCount()):
            if model.index(row, model.NAME).data() == name:
                return model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
        return None

    qtbot.waitUntil(lambda: level_of("Grace Hopper") == "Participant", timeout=5000)
    assert level_of("Ada Lovelace") == "Observer"
