"""People (stakeholder contacts), their roles, email addresses and platform identities."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commdesk.domain.base import AUTOINCREMENT, Base, Timestamps, UtcDateTime, enum_column
from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.domain.tags import Tag, person_tags

if TYPE_CHECKING:
    from commdesk.domain.communities import Membership
    from commdesk.domain.organisations import Organisation


class Person(Timestamps, Base):
    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    job_title: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_source: Mapped[str | None] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Kept in step with the activity log by a trigger, so the People table sorts by it in SQL.
    last_activity_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonRole.role"
    )
    emails: Mapped[list[PersonEmail]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonEmail.position"
    )
    identities: Mapped[list[Identity]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Identity.platform"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=person_tags, order_by=Tag.name)

    @property
    def role_set(self) -> set[StakeholderRole]:
        return {r.role for r in self.roles}

    @property
    def primary_email(self) -> str | None:
        return self.emails[0].email if self.emails else None


class PersonRole(Base):
    """One stakeholder role a person holds; a person may hold several at once."""

    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[StakeholderRole] = mapped_column(
        enum_column(StakeholderRole, "role"), primary_key=True, index=True
    )

    person: Mapped[Person] = relationship(back_populates="roles")


class PersonEmail(Base):
    __tablename__ = "person_emails"
    __table_args__ = (UniqueConstraint("person_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), index=True)
    position: Mapped[int] = mapped_column(default=0)

    person: Mapped[Person] = relationship(back_populates="emails")


class Identity(Base):
    """A person's handle on a platform; a handle belongs to one person per platform."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"))
    handle: Mapped[str] = mapped_column(String(200))
    profile_url: Mapped[str | None] = mapped_column(String(500))

    person: Mapped[Person] = relationship(back_populates="identities")
