"""Organisations people are affiliated to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commdesk.domain.base import Base, Timestamps, enum_column
from commdesk.domain.enums import OrganisationKind

if TYPE_CHECKING:
    from commdesk.domain.people import Person


class Organisation(Timestamps, Base):
    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, "kind"), default=OrganisationKind.COMPANY
    )
    website: Mapped[str | None] = mapped_column(String(500))

    domains: Mapped[list[OrganisationDomain]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationDomain.domain",
    )
    people: Mapped[list[Person]] = relationship(back_populates="organisation")


class OrganisationDomain(Base):
    """An email domain that identifies an organisation (``example.com``)."""

    __tablename__ = "organisation_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="domains")
