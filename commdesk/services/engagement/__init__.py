"""Engagement intelligence: scores and levels, reach, influencers, bridges, people slipping
away, community health and plan KPIs, all grouped SQL over the activity log.

- :mod:`.settings`: the weights, half-life, thresholds and mix, stored in the database;
- :mod:`.formulas`: the formulas as SQL expressions;
- :mod:`.scores`: decayed scores and levels, and the ``person_scores`` summary;
- :mod:`.rankings`: reach, influencers, bridges, slipping away;
- :mod:`.health`: per-community health;
- :mod:`.kpis`: a plan's KPIs and its progress per phase.
"""

from commdesk.services.engagement.health import CommunityHealth, community_health
from commdesk.services.engagement.kpis import KpiProgress, PhaseStatus, plan_kpis, plan_phases
from commdesk.services.engagement.rankings import (
    Bridge,
    Ranked,
    Reach,
    Slipping,
    bridges,
    influencers,
    reach,
    slipping,
)
from commdesk.services.engagement.scores import ScoringCancelled, recompute, scores_of
from commdesk.services.engagement.settings import (
    DEFAULTS,
    ScoringSettings,
    describe,
    load_settings,
    save_settings,
)

__all__ = [
    "DEFAULTS",
    "Bridge",
    "CommunityHealth",
    "KpiProgress",
    "PhaseStatus",
    "Ranked",
    "Reach",
    "ScoringCancelled",
    "ScoringSettings",
    "Slipping",
    "bridges",
    "community_health",
    "describe",
    "influencers",
    "load_settings",
    "plan_kpis",
    "plan_phases",
    "reach",
    "recompute",
    "save_settings",
    "scores_of",
    "slipping",
]
