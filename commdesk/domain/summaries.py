"""Summaries of the activity log and the memberships, kept in step by SQLite triggers.

The Overview and the plan KPIs read these instead of counting millions of rows. They are
written only by the triggers of migrations 0008 and 0012 (and rebuilt whole after a bulk load, see
:mod:`commdesk.store.summaries`); the app never writes them itself.

A person's stakeholder roles are folded into one bit mask, ``roles`` (0: holding none), so
"holds this role", "holds any of these roles" and "split by role" are exact sums of rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.base import Base
from commdesk.domain.enums import StakeholderRole

# Fixed: the triggers of migration 0008 hold the same numbers.
ROLE_BITS: dict[StakeholderRole, int] = {
    StakeholderRole.EMPLOYEE: 1,
    StakeholderRole.CUSTOMER: 2,
    StakeholderRole.SUPPLIER: 4,
    StakeholderRole.PARTNER: 8,
    StakeholderRole.SHAREHOLDER: 16,
    StakeholderRole.COMPETITOR: 32,
    StakeholderRole.OTHER: 64,
}
ALL_MASKS = range(1 << len(ROLE_BITS))


def masks_holding_any(roles: list[StakeholderRole] | tuple[StakeholderRole, ...]) -> list[int]:
    """Every role mask that includes at least one of ``roles``."""
    wanted = 0
    for role in roles:
        wanted |= ROLE_BITS[role]
    return [m for m in ALL_MASKS if m & wanted]


_WITHOUT_ROWID = {"sqlite_with_rowid": False}


class ActivityHour(Base):
    """Activities per UTC hour (epoch seconds // 3600) and platform."""

    __tablename__ = "activity_hours"
    __table_args__ = _WITHOUT_ROWID

    hour: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ActivityCommunityHour(Base):
    """Activities per community (activities in none left out), UTC hour and platform."""

    __tablename__ = "activity_community_hours"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ActivityRoleHour(Base):
    """Activities per role mask of the person (never 0), UTC hour, community and platform."""

    __tablename__ = "activity_role_hours"
    __table_args__ = _WITHOUT_ROWID

    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ActivityRoleTotal(Base):
    """Activities per role mask (never 0) and UTC hour, communities and platforms together."""

    __tablename__ = "activity_role_totals"
    __table_args__ = _WITHOUT_ROWID

    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ActivityKindDay(Base):
    """Activities per kind, UTC day (epoch seconds // 86400), community and role mask."""

    __tablename__ = "activity_kind_days"
    __table_args__ = _WITHOUT_ROWID

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class MemberRoles(Base):
    """Current memberships (not left) per community and role mask (0 included)."""

    __tablename__ = "member_roles"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class MemberPair(Base):
    """People currently members of both communities (``community_id < other_id``), per mask."""

    __tablename__ = "member_pairs"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    other_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class ArchivedMemberRoles(Base):
    """The part of ``member_roles`` that is archived people's (migration 0012): current
    members are the one less the other."""

    __tablename__ = "archived_member_roles"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class ArchivedMemberPair(Base):
    """The part of ``member_pairs`` that is archived people's (migration 0012)."""

    __tablename__ = "archived_member_pairs"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    other_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class MemberJoin(Base):
    """Memberships per community, day joined (``joined_on`` set) and role mask."""

    __tablename__ = "member_joins"
    __table_args__ = _WITHOUT_ROWID

    community_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    joined_on: Mapped[date] = mapped_column(Date, primary_key=True)
    roles: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
