"""Engagement: the per-person score summary and the app's stored settings.

``person_scores`` holds each person's decayed engagement score and level as of the moment
they were last computed, so the People table sorts and the Overview ranks by an index instead
of summing millions of activities. ``app_settings`` keeps small named settings (the scoring
weights, half-life and thresholds) as JSON text inside the database, so they travel with it.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.activity import Activity
from commdesk.domain.base import Base, UtcDateTime
from commdesk.domain.enums import ActivityKind


class EngagementLevel(IntEnum):
    """The four engagement steps, lowest first; stored as their number so they sort."""

    OBSERVER = 0
    PARTICIPANT = 1
    CONTRIBUTOR = 2
    LEADER = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


class PersonScore(Base):
    """One person's engagement score and level, as of ``scored_at`` (what views read)."""

    __tablename__ = "person_scores"
    __table_args__ = (Index("ix_person_scores_score", "score"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PersonDecay(Base):
    """What a person's score is summed from, as of ``scored_at``: per activity kind, the
    decayed count Σ 0.5^(age ÷ half-life) of their activities of that kind (``d_<kind>``).
    Activities whose platform has its own weight for their kind are in ``d_overridden``
    instead, already weighted. New weights or thresholds rescore everyone from these rows,
    without reading the activity log: score = Σ weight(kind) × d_kind + d_overridden.
    """

    __tablename__ = "person_decay"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the latest activity counted
    d_post: Mapped[float] = mapped_column(Float, default=0.0)
    d_comment: Mapped[float] = mapped_column(Float, default=0.0)
    d_reaction: Mapped[float] = mapped_column(Float, default=0.0)
    d_share: Mapped[float] = mapped_column(Float, default=0.0)
    d_mention: Mapped[float] = mapped_column(Float, default=0.0)
    d_message: Mapped[float] = mapped_column(Float, default=0.0)
    d_event_attendance: Mapped[float] = mapped_column(Float, default=0.0)
    d_meeting: Mapped[float] = mapped_column(Float, default=0.0)
    d_email: Mapped[float] = mapped_column(Float, default=0.0)
    d_overridden: Mapped[float] = mapped_column(Float, default=0.0)


def decayed_column(kind: ActivityKind) -> str:
    """The name of the ``person_scores`` column holding the decayed count of ``kind``."""
    return f"d_{kind.value}"


class AppSetting(Base):
    """A named setting stored as JSON text."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# Scoring reads every activity of every person, grouped by person and kind, with its time
# and platform: in this order the grouping streams from the index and never reads the table.
SCORING_INDEX = Index(
    "ix_activities_person_scoring",
    Activity.person_id,
    Activity.kind,
    Activity.occurred_at,
    Activity.platform,
)
# Reach, bridges, slipping and community health read "who was active where" over a period:
# a time range of this index answers them without touching the table.
ACTIVE_INDEX = Index(
    "ix_activities_time_people", Activity.occurred_at, Activity.community_id, Activity.person_id
)


class SavedRankings(Base):
    """The Overview's last rankings for one filter, as JSON; triggers (migration 0009)
    delete every row when activity, memberships, roles, people or communities change."""

    __tablename__ = "overview_rankings"

    role: Mapped[str] = mapped_column(String(20), primary_key=True)  # "" for every role
    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0 for all
    range_end: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch of the range's end
    stamp: Mapped[str] = mapped_column(String(200))  # the scores' time and the settings
    as_of: Mapped[int] = mapped_column(Integer)  # epoch the rankings were measured at
    generation: Mapped[int] = mapped_column(Integer)  # data_generations' 'rankings' then
    payload: Mapped[str] = mapped_column(Text)


class DataGeneration(Base):
    """How many times a kind of data changed ('rankings': what the rankings read); bumped
    by triggers, compared to tell whether an answer is still current."""

    __tablename__ = "data_generations"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
