"""The Settings page's scoring section: the stored numbers, the formulas in words, and Apply
recomputing every score in the background so that the People table follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.sections import Section
from commdesk.gui.settings.overrides import PlatformWeightsModel
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


def choose(combo: object, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]


def test_a_platform_override_is_set_applied_and_rescores_in_the_background(
    window: MainWindow, sample: Sample, qtbot: QtBot
) -> None:
    grace = sample.people["grace"]
    before, _level = stored_score(sample.store, grace)  # one comment on GitHub: 3 × decay
    section = scoring_section(window)
    ui = section.ui
    assert "No platform overrides" in ui.formulaLabel.text()
    assert not ui.removeOverrideButton.isEnabled()
    # A comment on Slack weighs 0.5: Grace commented on GitHub, so it leaves her alone.
    choose(ui.overridePlatformCombo, Platform.SLACK)
    choose(ui.overrideKindCombo, ActivityKind.COMMENT)
    assert ui.overrideWeightSpin.value() == 3  # the kind's own weight to start from
    ui.overrideWeightSpin.setValue(0.5)
    qtbot.mouseClick(ui.addOverrideButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    # A comment on GitHub weighs 9, three times the kind's 3.
    choose(ui.overridePlatformCombo, Platform.GITHUB)
    ui.overrideWeightSpin.setValue(9)
    qtbot.mouseClick(ui.addOverrideButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    model = section.overrides
    shown = [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert shown == [("GitHub", "Comment", "9"), ("Slack", "Comment", "0.5")]
    assert ui.overridesView.currentIndex().row() == 0 and ui.removeOverrideButton.isEnabled()
    words = ui.formulaLabel.text()
    assert "comment on GitHub 9, comment on Slack 0.5" in words
    assert ui.applyButton.text() == "Apply and recompute"

    # A negative weight typed in the table is named, and Apply waits for it to be fixed.
    weight = model.index(1, PlatformWeightsModel.WEIGHT)
    assert model.setData(weight, -2)
    assert ui.errorLabel.isVisible()
    assert "weight of comment on Slack: must be a number of 0 or more" in ui.errorLabel.text()
    assert not ui.applyButton.isEnabled()
    assert model.setData(weight, 0.5)
    assert not ui.errorLabel.isVisible() and ui.applyButton.isEnabled()

    with qtbot.waitSignals([section.recomputed, window.context.changed], timeout=10_000):
        ui.applyButton.click()
        # A background task: the button waits for it, the window goes on.
        assert section.task is not None and not ui.applyButton.isEnabled()
        assert ui.statusLabel.text() == "Recomputing scores…"
    stored = load_settings(sample.store)
    assert stored.platform_weights == {
        (Platform.GITHUB, ActivityKind.COMMENT): 9.0,
        (Platform.SLACK, ActivityKind.COMMENT): 0.5,
    }
    after, level = stored_score(sample.store, grace)
    # The same comment, decayed the same (only weights changed): 9 / 3 = three times the score.
    assert after == pytest.approx(3 * before)
    assert 8.7 < after < 9 and level is EngagementLevel.PARTICIPANT
    qtbot.waitUntil(lambda: section.task is None, timeout=5000)

    # Removing the GitHub override gives Grace her comment's own weight back.
    ui.overridesView.selectRow(0)
    qtbot.mouseClick(ui.removeOverrideButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert model.rowCount() == 1
    with qtbot.waitSignal(section.recomputed, timeout=10_000):
        ui.applyButton.click()
    assert stored_score(sample.store, grace)[0] == pytest.approx(before)
    qtbot.waitUntil(lambda: section.task is None, timeout=5000)
    # Restore defaults drops the overrides too.
    section.restore_defaults()
    assert model.rowCount() == 0
