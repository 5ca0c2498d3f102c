"""Communities, the channels where they live, and who belongs to them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commdesk.domain.base import AUTOINCREMENT, Base, Timestamps, enum_column
from commdesk.domain.enums import CommunityScope, MembershipRole, Platform
from commdesk.domain.tags import Tag, community_tags

if TYPE_CHECKING:
    from commdesk.domain.people import Person


class Community(Timestamps, Base):
    __tablename__ = "communities"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[CommunityScope] = mapped_column(
        enum_column(CommunityScope, "scope"), default=CommunityScope.EXTERNAL
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    archived: Mapped[bool] = mapped_column(default=False)

    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    channels: Mapped[list[Channel]] = relationship(
        back_populates="community", cascade="all, delete-orphan", order_by="Channel.id"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="community", cascade="all, delete-orphan"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=community_tags, order_by=Tag.name)


class Channel(Base):
    """Where a community lives: a platform and the address or handle there."""

    __tablename__ = "community_channels"
    __table_args__ = (UniqueConstraint("community_id", "platform", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"))
    address: Mapped[str] = mapped_column(String(500))

    community: Mapped[Community] = relationship(back_populates="channels")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("person_id", "community_id"),
        CheckConstraint(
            "left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="left_after_joined"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(
        enum_column(MembershipRole, "role"), default=MembershipRole.MEMBER
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="memberships")
    community: Mapped[Community] = relationship(back_populates="memberships")
