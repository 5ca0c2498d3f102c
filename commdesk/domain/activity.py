"""The activity log: every interaction with a person."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commdesk.domain.base import Base, UtcDateTime, enum_column
from commdesk.domain.enums import ActivityKind, ActivitySource, Platform

if TYPE_CHECKING:
    from commdesk.domain.communities import Community
    from commdesk.domain.people import Person


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        # A re-import or a second sync finds the row it already has.
        UniqueConstraint("platform", "external_id"),
        Index("ix_activities_person_time", "person_id", "occurred_at"),
        # The person too: distinct active people in communities over a span read the index
        # alone (migration 0011).
        Index("ix_activities_community_time_person", "community_id", "occurred_at", "person_id"),
        Index("ix_activities_time", "occurred_at"),
        # The Activity page's kind and platform filters: their counts and their pages by time.
        Index("ix_activities_kind_time", "kind", "occurred_at"),
        Index("ix_activities_platform_time", "platform", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="SET NULL")
    )
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, "kind"))
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(1000))
    source: Mapped[ActivitySource] = mapped_column(
        enum_column(ActivitySource, "source"), default=ActivitySource.MANUAL
    )
    external_id: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship()
    community: Mapped[Community | None] = relationship()
