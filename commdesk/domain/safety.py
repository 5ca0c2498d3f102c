"""What CommDesk keeps so that nothing is lost and an erasure stays done.

``archive_entries`` holds people, communities and plans after they were deleted (everything
the delete removed, as JSON), until they are purged for good. ``erasures`` records that a
person's data was erased, with no personal data: the person's id and salted hashes of what
identified them, so the erasure can be applied again to an older backup that is restored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.base import Base, UtcDateTime, utc_now


class ArchiveEntry(Base):
    __tablename__ = "archive_entries"
    __table_args__ = (Index("ix_archive_entries_deleted_at", "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # The table the delete started from: people, communities or plans.
    table_name: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    record_count: Mapped[int] = mapped_column(default=0)
    # Space-separated ids of the deleted records, so an erasure finds the entries to drop.
    record_ids: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str] = mapped_column(Text)


class Erasure(Base):
    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(index=True)
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    kept_aggregates: Mapped[bool] = mapped_column(Boolean, default=True)
    # Records made before migration 0010 only: a salt and the space-separated hex SHA-256
    # digests of salt + each email, handle and name. Newer records leave both empty.
    salt: Mapped[str] = mapped_column(String(64))
    fingerprints: Mapped[str] = mapped_column(Text, default="")
    # The erased person's row's creation time (epoch seconds): with the id, it names the row
    # in any backup without saying anything about the person.
    person_created_at: Mapped[int | None] = mapped_column(Integer, nullable=True)
