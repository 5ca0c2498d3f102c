"""The activity log: recording interactions and reading a person's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from commdesk.domain import Activity, Community, Person
from commdesk.domain.enums import ActivityKind, ActivitySource, Platform
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import validation
from commdesk.services.engagement import scores
from commdesk.store import Store


@dataclass(frozen=True)
class ActivityDraft:
    person_id: int
    occurred_at: datetime
    platform: Platform | str
    kind: ActivityKind | str
    community_id: int | None = None
    title: str | None = None
    url: str | None = None
    source: ActivitySource | str = ActivitySource.MANUAL
    external_id: str | None = None


@dataclass(frozen=True)
class ActivityRecord:
    id: int
    occurred_at: datetime
    person_id: int
    community_id: int | None
    community: str | None
    platform: Platform
    kind: ActivityKind
    title: str | None
    url: str | None
    source: ActivitySource


class ActivityService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def log(self, draft: ActivityDraft) -> int:
        """Record one interaction. An external id already stored for the platform is refused."""
        occurred = draft.occurred_at
        if occurred.tzinfo is None:
            occurred = occurred.replace(tzinfo=UTC)
        activity = Activity(
            occurred_at=occurred,
            person_id=draft.person_id,
            community_id=draft.community_id,
            platform=validation.enum_value("platform", Platform, draft.platform),
            kind=validation.enum_value("kind", ActivityKind, draft.kind),
            title=validation.optional_text("title", draft.title, max_length=500),
            url=validation.url("link", draft.url),
            source=validation.enum_value("source", ActivitySource, draft.source),
            external_id=validation.optional_text("external id", draft.external_id),
        )
        with self.store.session() as session:
            if session.get(Person, draft.person_id) is None:
                raise ValidationError("person", f"no person with id {draft.person_id}")
            if (
                draft.community_id is not None
                and session.get(Community, draft.community_id) is None
            ):
                raise ValidationError("community", f"no community with id {draft.community_id}")
            session.add(activity)
            try:
                session.flush()
            except IntegrityError as exc:
                raise ValidationError(
                    "external id",
                    f"{activity.platform.label} activity {draft.external_id!r} is already stored",
                ) from exc
            scores.keep_in_step(session, draft.person_id)
            return activity.id

    def timeline(self, person_id: int, limit: int = 100) -> list[ActivityRecord]:
        """A person's most recent interactions, newest first."""
        with self.store.read() as session:
            rows = session.execute(
                select(Activity, Community.name)
                .outerjoin(Community, Community.id == Activity.community_id)
                .where(Activity.person_id == person_id)
                .order_by(Activity.occurred_at.desc(), Activity.id.desc())
                .limit(limit)
            ).all()
            return [
                ActivityRecord(
                    id=a.id,
                    occurred_at=a.occurred_at,
                    person_id=a.person_id,
                    community_id=a.community_id,
                    community=community,
                    platform=a.platform,
                    kind=a.kind,
                    title=a.title,
                    url=a.url,
                    source=a.source,
                )
                for a, community in rows
            ]

    def delete(self, activity_id: int) -> None:
        with self.store.session() as session:
            person_id = session.scalar(select(Activity.person_id).where(Activity.id == activity_id))
            if person_id is None:
                raise NotFoundError(f"No activity with id {activity_id}.")
            session.execute(delete(Activity).where(Activity.id == activity_id))
            scores.keep_in_step(session, person_id)
