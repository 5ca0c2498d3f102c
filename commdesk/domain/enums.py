"""Every enumeration of the domain, defined once.

The schema (CHECK constraints), the forms, the exports and the importers all read these.
Values are the stored strings; ``label`` gives the text a person reads.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members also carry a human label."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Accept a value or a label in any case ("Event attendance", "event_attendance")."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(text)


class StakeholderRole(LabelledEnum):
    EMPLOYEE = "employee"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    PARTNER = "partner"
    SHAREHOLDER = "shareholder"
    COMPETITOR = "competitor"
    OTHER = "other"


class CommunityScope(LabelledEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    MIXED = "mixed"


class MembershipRole(LabelledEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    CHAMPION = "champion"
    INFLUENCER = "influencer"


class Platform(LabelledEnum):
    MASTODON = "mastodon"
    DISCOURSE = "discourse"
    GITHUB = "github"
    LINKEDIN = "linkedin"
    MEETUP = "meetup"
    SLACK = "slack"
    DISCORD = "discord"
    EMAIL = "email"
    WEBSITE = "website"
    IN_PERSON = "in_person"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PLATFORM_LABELS.get(self.value, super().label)


_PLATFORM_LABELS = {
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "in_person": "In person",
}


class ActivityKind(LabelledEnum):
    POST = "post"
    COMMENT = "comment"
    REACTION = "reaction"
    SHARE = "share"
    MENTION = "mention"
    MESSAGE = "message"
    EVENT_ATTENDANCE = "event_attendance"
    MEETING = "meeting"
    EMAIL = "email"


class ActivitySource(LabelledEnum):
    MANUAL = "manual"
    IMPORT = "import"
    SYNC = "sync"


class PlanStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    DONE = "done"
    ARCHIVED = "archived"


class Phase(LabelledEnum):
    """The four steps of community work, in order."""

    INTERNAL = "internal"
    EXTERNAL = "external"
    HARMONISE = "harmonise"
    GROW = "grow"


class ItemKind(LabelledEnum):
    POLICY = "policy"
    CONTENT = "content"
    EVENT = "event"
    CAMPAIGN = "campaign"
    OUTREACH = "outreach"
    SURVEY = "survey"
    TRAINING = "training"
    PROCESS = "process"


class ItemStatus(LabelledEnum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class KpiMetric(LabelledEnum):
    """What a KPI counts; all but ``custom`` can be measured from the activity log."""

    ACTIVE_MEMBERS = "active_members"
    NEW_MEMBERS = "new_members"
    ACTIVITIES = "activities"
    ACTIVITIES_PER_WEEK = "activities_per_week"
    EVENT_ATTENDANCE = "event_attendance"
    CUSTOM = "custom"


class OrganisationKind(LabelledEnum):
    COMPANY = "company"
    NONPROFIT = "nonprofit"
    PUBLIC_BODY = "public_body"
    EDUCATION = "education"
    COMMUNITY = "community"
    OTHER = "other"
