"""Tags are shared by people, communities and plan items; names are unique."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from commdesk.domain import Tag
from commdesk.services import validation


def resolve(session: Session, names: Iterable[str]) -> list[Tag]:
    """The Tag rows for ``names``, creating the missing ones (duplicates folded)."""
    wanted: dict[str, None] = {}
    for name in names:
        wanted[validation.required_text("tags", name, max_length=80)] = None
    if not wanted:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    tags = []
    for name in wanted:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags
