"""The scoring settings: activity weights, decay, level thresholds and the influencer mix.

They are stored in the database (``app_settings``, key ``scoring``, as JSON), so a copy of
the database scores the same everywhere. Defaults:

- weights: reaction 1, mention 1, share 2, message 2, email 2, comment 3, post 5,
  event attendance 6, meeting 8; no per-platform overrides;
- half-life 90 days: an activity counts half as much after 90 days, a quarter after 180;
- levels: participant from score 3, contributor from 15, leader from 50; anyone with no
  activity in the last 60 days is at most a participant;
- influencers: rank = 0.6 x score / best score + 0.4 x reach / best reach;
- reach, bridges and health look at the last 90 days.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from commdesk.domain import AppSetting
from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.errors import ValidationError
from commdesk.store import Store

SETTINGS_KEY = "scoring"

DEFAULT_WEIGHTS: Mapping[ActivityKind, float] = {
    ActivityKind.REACTION: 1.0,
    ActivityKind.MENTION: 1.0,
    ActivityKind.SHARE: 2.0,
    ActivityKind.MESSAGE: 2.0,
    ActivityKind.EMAIL: 2.0,
    ActivityKind.COMMENT: 3.0,
    ActivityKind.POST: 5.0,
    ActivityKind.EVENT_ATTENDANCE: 6.0,
    ActivityKind.MEETING: 8.0,
}


@dataclass(frozen=True)
class ScoringSettings:
    """Everything the engagement measures depend on; change it and recompute."""

    weights: Mapping[ActivityKind, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    # A weight for one kind on one platform, replacing the kind's weight there.
    platform_weights: Mapping[tuple[Platform, ActivityKind], float] = field(default_factory=dict)
    half_life_days: float = 90.0
    # The least score for participant, contributor and leader (observer needs nothing).
    participant_from: float = 3.0
    contributor_from: float = 15.0
    leader_from: float = 50.0
    # Without any activity in this many days a person is at most a participant.
    recency_days: int = 60
    # How much of an influencer's rank is the score; the rest is reach.
    influencer_score_share: float = 0.6
    # The period reach, bridges and community activity look back over.
    window_days: int = 90

    def weight(self, kind: ActivityKind, platform: Platform | None = None) -> float:
        """The weight of one activity of ``kind`` on ``platform``."""
        if platform is not None and (platform, kind) in self.platform_weights:
            return self.platform_weights[(platform, kind)]
        return self.weights.get(kind, 0.0)

    def level_for(self, score: float, days_since_last: float | None) -> EngagementLevel:
        """The level a score earns, capped at participant after ``recency_days`` of silence."""
        if score >= self.leader_from:
            level = EngagementLevel.LEADER
        elif score >= self.contributor_from:
            level = EngagementLevel.CONTRIBUTOR
        elif score >= self.participant_from:
            level = EngagementLevel.PARTICIPANT
        else:
            level = EngagementLevel.OBSERVER
        if days_since_last is None or days_since_last > self.recency_days:
            level = min(level, EngagementLevel.PARTICIPANT)
        return level

    def with_weight(self, kind: ActivityKind, value: float) -> ScoringSettings:
        return replace(self, weights={**self.weights, kind: value})


DEFAULTS = ScoringSettings()


def validate(settings: ScoringSettings) -> None:
    """Refuse settings no score can be computed from, naming the field to fix."""
    for kind, value in settings.weights.items():
        _finite_not_negative(f"weight of {kind.label.lower()}", value)
    for (platform, kind), value in settings.platform_weights.items():
        _finite_not_negative(f"weight of {kind.label.lower()} on {platform.label}", value)
    if not (math.isfinite(settings.half_life_days) and settings.half_life_days > 0):
        raise ValidationError("half-life", "must be more than 0 days")
    _finite_not_negative("participant threshold", settings.participant_from)
    if not settings.participant_from <= settings.contributor_from <= settings.leader_from:
        raise ValidationError("level thresholds", "must rise: participant ≤ contributor ≤ leader")
    if not math.isfinite(settings.leader_from):
        raise ValidationError("leader threshold", "must be a number")
    if settings.recency_days < 1:
        raise ValidationError("recency window", "must be at least 1 day")
    if not 0.0 <= settings.influencer_score_share <= 1.0:
        raise ValidationError("influencer mix", "the score's share must be between 0 and 1")
    if settings.window_days < 1:
        raise ValidationError("activity window", "must be at least 1 day")


def _finite_not_negative(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValidationError(name, f"must be a number of 0 or more, not {value}")


def to_json(settings: ScoringSettings) -> str:
    data: dict[str, Any] = {
        "weights": {k.value: v for k, v in settings.weights.items()},
        "platform_weights": [
            [p.value, k.value, v] for (p, k), v in settings.platform_weights.items()
        ],
        "half_life_days": settings.half_life_days,
        "participant_from": settings.participant_from,
        "contributor_from": settings.contributor_from,
        "leader_from": settings.leader_from,
        "recency_days": settings.recency_days,
        "influencer_score_share": settings.influencer_score_share,
        "window_days": settings.window_days,
    }
    return json.dumps(data, sort_keys=True)


def from_json(text: str) -> ScoringSettings:
    """Settings from stored JSON; anything missing or unknown falls back to the default."""
    data = json.loads(text)
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in data.get("weights", {}).items():
        if key in ActivityKind._value2member_map_:
            weights[ActivityKind(key)] = float(value)
    overrides: dict[tuple[Platform, ActivityKind], float] = {}
    for platform, kind, value in data.get("platform_weights", []):
        if platform in Platform._value2member_map_ and kind in ActivityKind._value2member_map_:
            overrides[(Platform(platform), ActivityKind(kind))] = float(value)
    d = DEFAULTS
    return ScoringSettings(
        weights=weights,
        platform_weights=overrides,
        half_life_days=float(data.get("half_life_days", d.half_life_days)),
        participant_from=float(data.get("participant_from", d.participant_from)),
        contributor_from=float(data.get("contributor_from", d.contributor_from)),
        leader_from=float(data.get("leader_from", d.leader_from)),
        recency_days=int(data.get("recency_days", d.recency_days)),
        influencer_score_share=float(data.get("influencer_score_share", d.influencer_score_share)),
        window_days=int(data.get("window_days", d.window_days)),
    )


def load_settings(store: Store) -> ScoringSettings:
    """The stored scoring settings, or the defaults when none were saved."""
    with store.read() as session:
        return settings_in(session)


def settings_in(session: Session | Connection) -> ScoringSettings:
    """The stored settings, read inside an open session (or connection)."""
    text = session.scalar(select(AppSetting.value).where(AppSetting.key == SETTINGS_KEY))
    return DEFAULTS if text is None else from_json(text)


def save_settings(store: Store, settings: ScoringSettings) -> None:
    """Validate and store the settings (scores are not recomputed here: see scores.recompute)."""
    validate(settings)
    with store.session() as session:
        session.merge(AppSetting(key=SETTINGS_KEY, value=to_json(settings)))


def _number(value: float) -> str:
    return f"{value:g}"


def describe(settings: ScoringSettings) -> list[str]:
    """The formulas, in words, with the current numbers in them."""
    weights = ", ".join(
        f"{kind.label.lower()} {_number(settings.weight(kind))}" for kind in ActivityKind
    )
    lines = [
        f"Each activity is worth its kind's weight, unless its platform has an override for "
        f"that kind: {weights}.",
    ]
    if settings.platform_weights:
        overrides = ", ".join(
            f"{kind.label.lower()} on {platform.label} {_number(value)}"
            for (platform, kind), value in sorted(
                settings.platform_weights.items(), key=lambda o: (o[0][0].label, o[0][1].label)
            )
        )
        lines.append(f"Overrides (they replace the kind's weight on that platform): {overrides}.")
    else:
        lines.append("No platform overrides: a kind weighs the same on every platform.")
    half = _number(settings.half_life_days)
    lines += [
        f"Engagement score = the sum of every activity's weight × 0.5^(age in days ÷ {half}): "
        f"an activity counts half after {half} days, a quarter after "
        f"{_number(2 * settings.half_life_days)}.",
        f"Level: leader from score {_number(settings.leader_from)}, contributor from "
        f"{_number(settings.contributor_from)}, participant from "
        f"{_number(settings.participant_from)}, otherwise observer; with no activity in the "
        f"last {settings.recency_days} days, at most participant.",
        f"Reach = the number of other people active in the same communities in the last "
        f"{settings.window_days} days.",
        f"Influence = {_number(settings.influencer_score_share)} × score ÷ best score + "
        f"{_number(round(1 - settings.influencer_score_share, 6))} × reach ÷ best reach.",
        f"Bridge value = for each pair of communities a person is active in (last "
        f"{settings.window_days} days), 1 − shared active people ÷ all their active people; "
        f"summed over the pairs.",
        "Slipping away: the weekly rate of the last 30 days is under half the weekly rate of "
        "the last 90 days (at least one activity a week over the 90).",
    ]
    return lines
