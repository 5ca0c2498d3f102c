"""Tags, and the association tables that put them on people, communities and plan items."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from commdesk.domain.base import Base


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


def _tag_link(table: str, owner_table: str, owner_key: str) -> Table:
    return Table(
        table,
        Base.metadata,
        Column(owner_key, ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


person_tags = _tag_link("person_tags", "people", "person_id")
community_tags = _tag_link("community_tags", "communities", "community_id")
plan_item_tags = _tag_link("plan_item_tags", "plan_items", "plan_item_id")
