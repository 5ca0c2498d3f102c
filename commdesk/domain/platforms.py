"""Platform accounts. The database holds only a reference: the secret lives in the OS keyring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.base import Base, Timestamps, UtcDateTime, enum_column
from commdesk.domain.enums import Platform


class PlatformAccount(Timestamps, Base):
    __tablename__ = "platform_accounts"
    __table_args__ = (UniqueConstraint("platform", "base_url", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"))
    label: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
