"""Plain, immutable records the services hand out: safe to pass between threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from commdesk.domain.enums import (
    CommunityScope,
    ItemKind,
    ItemStatus,
    KpiMetric,
    MembershipRole,
    OrganisationKind,
    Phase,
    PlanStatus,
    Platform,
    StakeholderRole,
)


@dataclass(frozen=True)
class IdentityDraft:
    platform: Platform | str
    handle: str
    profile_url: str | None = None


@dataclass(frozen=True)
class PersonDraft:
    """What a person's editor (or an importer) submits."""

    name: str
    emails: tuple[str, ...] = ()
    phone: str | None = None
    job_title: str | None = None
    department: str | None = None
    location: str | None = None
    notes: str | None = None
    organisation_id: int | None = None
    consent: bool = False
    consent_on: date | None = None
    consent_source: str | None = None
    roles: tuple[StakeholderRole | str, ...] = ()
    identities: tuple[IdentityDraft, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRecord:
    id: int
    name: str
    emails: tuple[str, ...]
    phone: str | None
    job_title: str | None
    department: str | None
    location: str | None
    notes: str | None
    organisation_id: int | None
    organisation: str | None
    consent: bool
    consent_on: date | None
    consent_source: str | None
    roles: tuple[StakeholderRole, ...]
    identities: tuple[IdentityDraft, ...]
    tags: tuple[str, ...]
    archived: bool
    last_activity_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def as_draft(self) -> PersonDraft:
        return PersonDraft(
            name=self.name,
            emails=self.emails,
            phone=self.phone,
            job_title=self.job_title,
            department=self.department,
            location=self.location,
            notes=self.notes,
            organisation_id=self.organisation_id,
            consent=self.consent,
            consent_on=self.consent_on,
            consent_source=self.consent_source,
            roles=self.roles,
            identities=self.identities,
            tags=self.tags,
        )


@dataclass(frozen=True)
class OrganisationDraft:
    name: str
    kind: OrganisationKind | str = OrganisationKind.COMPANY
    website: str | None = None
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationRecord:
    id: int
    name: str
    kind: OrganisationKind
    website: str | None
    domains: tuple[str, ...]
    people: int


@dataclass(frozen=True)
class ChannelDraft:
    platform: Platform | str
    address: str


@dataclass(frozen=True)
class CommunityDraft:
    name: str
    purpose: str | None = None
    scope: CommunityScope | str = CommunityScope.EXTERNAL
    owner_id: int | None = None
    channels: tuple[ChannelDraft, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommunityRecord:
    id: int
    name: str
    purpose: str | None
    scope: CommunityScope
    owner_id: int | None
    owner: str | None
    channels: tuple[ChannelDraft, ...]
    tags: tuple[str, ...]
    members: int


@dataclass(frozen=True)
class MembershipRecord:
    person_id: int
    person: str
    community_id: int
    community: str
    role: MembershipRole
    joined_on: date | None
    left_on: date | None


@dataclass(frozen=True)
class KpiDraft:
    metric: KpiMetric | str
    target_value: float
    due_on: date | None = None
    label: str | None = None


@dataclass(frozen=True)
class PlanDraft:
    name: str
    objective: str | None = None
    owner_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: PlanStatus | str = PlanStatus.DRAFT
    target_community_ids: tuple[int, ...] = ()
    target_roles: tuple[StakeholderRole | str, ...] = ()
    kpis: tuple[KpiDraft, ...] = ()


@dataclass(frozen=True)
class PlanRecord:
    id: int
    name: str
    objective: str | None
    owner_id: int | None
    owner: str | None
    starts_on: date | None
    ends_on: date | None
    status: PlanStatus
    target_community_ids: tuple[int, ...]
    target_roles: tuple[StakeholderRole, ...]
    kpis: tuple[KpiDraft, ...]
    items: int


@dataclass(frozen=True)
class PlanItemDraft:
    title: str
    phase: Phase | str = Phase.INTERNAL
    kind: ItemKind | str = ItemKind.CONTENT
    platform: Platform | str | None = None
    community_id: int | None = None
    owner_id: int | None = None
    department: str | None = None
    due_on: date | None = None
    status: ItemStatus | str = ItemStatus.PLANNED
    notes: str | None = None
    tags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class PlanItemRecord:
    id: int
    plan_id: int
    phase: Phase
    title: str
    kind: ItemKind
    platform: Platform | None
    community_id: int | None
    owner_id: int | None
    department: str | None
    due_on: date | None
    status: ItemStatus
    notes: str | None
    position: int
    tags: tuple[str, ...]
