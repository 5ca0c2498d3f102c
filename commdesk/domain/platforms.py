"""Platform accounts. The database holds only a reference: the secret lives in the OS keyring.

Also what a sync leaves for a person to decide: likely duplicates, offered for merge.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.base import Base, Timestamps, UtcDateTime, enum_column, utc_now
from commdesk.domain.enums import LabelledEnum, Platform


class SyncStatus(LabelledEnum):
    """Where an account's synchronisation stands."""

    NEVER = "never"
    OK = "ok"
    SYNCING = "syncing"
    OFFLINE = "offline"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return _SYNC_STATUS_LABELS[self.value]


_SYNC_STATUS_LABELS = {
    "never": "Never synchronised",
    "ok": "Up to date",
    "syncing": "Synchronising",
    "offline": "Offline, will retry",
    "failed": "Failed",
}

# The platforms CommDesk can connect an account to (the others are activity labels only).
SYNCABLE_PLATFORMS = (Platform.MASTODON, Platform.DISCOURSE, Platform.GITHUB)


class PlatformAccount(Timestamps, Base):
    __tablename__ = "platform_accounts"
    __table_args__ = (UniqueConstraint("platform", "base_url", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, "platform"))
    label: Mapped[str] = mapped_column(String(200))
    base_url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The secret's key in the keyring: made once, never derived from the label.
    credential_key: Mapped[str] = mapped_column(String(60), unique=True)
    sync_status: Mapped[SyncStatus] = mapped_column(
        enum_column(SyncStatus, "sync_status"), default=SyncStatus.NEVER, server_default="never"
    )
    last_error: Mapped[str | None] = mapped_column(Text)  # never holds a secret
    sync_interval_minutes: Mapped[int | None] = mapped_column()  # None: on demand only
    sync_cursor: Mapped[str | None] = mapped_column(Text)  # JSON, owned by commdesk.sync
    settings: Mapped[str | None] = mapped_column(Text)  # JSON: hashtag, repository, mappings


class MergeCandidate(Base):
    """A person a sync created or used who probably duplicates another: offered, never merged."""

    __tablename__ = "merge_candidates"
    __table_args__ = (UniqueConstraint("person_id", "other_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    other_person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
