"""Engagement plans: their targets, KPIs and the items in the four phases."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commdesk.domain.base import AUTOINCREMENT, Base, Timestamps, enum_column
from commdesk.domain.enums import (
    ItemKind,
    ItemStatus,
    KpiMetric,
    Phase,
    PlanStatus,
    Platform,
    StakeholderRole,
)
from commdesk.domain.tags import Tag, plan_item_tags

if TYPE_CHECKING:
    from commdesk.domain.communities import Community
    from commdesk.domain.people import Person


class Plan(Timestamps, Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="ends_after_start"
        ),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    objective: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PlanStatus] = mapped_column(
        enum_column(PlanStatus, "status"), default=PlanStatus.DRAFT
    )

    owner: Mapped[Person | None] = relationship()
    target_communities: Mapped[list[PlanTargetCommunity]] = relationship(
        cascade="all, delete-orphan"
    )
    target_roles: Mapped[list[PlanTargetRole]] = relationship(cascade="all, delete-orphan")
    kpis: Mapped[list[Kpi]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Kpi.id"
    )
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="PlanItem.position",
    )


class PlanTargetCommunity(Base):
    __tablename__ = "plan_target_communities"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    community: Mapped[Community] = relationship()


class PlanTargetRole(Base):
    __tablename__ = "plan_target_roles"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[StakeholderRole] = mapped_column(
        enum_column(StakeholderRole, "role"), primary_key=True
    )


class Kpi(Base):
    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    metric: Mapped[KpiMetric] = mapped_column(enum_column(KpiMetric, "metric"))
    label: Mapped[str | None] = mapped_column(String(200))
    target_value: Mapped[float] = mapped_column(Float)
    due_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="kpis")


class PlanItem(Timestamps, Base):
    __tablename__ = "plan_items"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_empty"),
        Index("ix_plan_items_board", "plan_id", "phase", "position"),
        Index("ix_plan_items_due", "plan_id", "due_on"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(enum_column(Phase, "phase"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "kind"), default=ItemKind.CONTENT)
    platform: Mapped[Platform | None] = mapped_column(enum_column(Platform, "platform"))
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("communities.id", ondelete="SET NULL"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    department: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ItemStatus] = mapped_column(
        enum_column(ItemStatus, "status"), default=ItemStatus.PLANNED
    )
    notes: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[Plan] = relationship(back_populates="items")
    community: Mapped[Community | None] = relationship()
    owner: Mapped[Person | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=plan_item_tags, order_by=Tag.name)
