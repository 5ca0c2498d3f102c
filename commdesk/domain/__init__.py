"""The domain model: one module per aggregate, all sharing :class:`Base`."""

from commdesk.domain.activity import Activity
from commdesk.domain.base import Base
from commdesk.domain.communities import Channel, Community, Membership
from commdesk.domain.engagement import (
    AppSetting,
    DataGeneration,
    EngagementLevel,
    PersonDecay,
    PersonScore,
    SavedRankings,
)
from commdesk.domain.organisations import Organisation, OrganisationDomain
from commdesk.domain.people import Identity, Person, PersonEmail, PersonRole
from commdesk.domain.plans import Kpi, Plan, PlanItem, PlanTargetCommunity, PlanTargetRole
from commdesk.domain.platforms import MergeCandidate, PlatformAccount, SyncStatus
from commdesk.domain.safety import ArchiveEntry, Erasure
from commdesk.domain.summaries import (
    ActivityCommunityHour,
    ActivityHour,
    ActivityKindDay,
    ActivityRoleHour,
    ActivityRoleTotal,
    ArchivedMemberPair,
    ArchivedMemberRoles,
    MemberJoin,
    MemberPair,
    MemberRoles,
)
from commdesk.domain.tags import Tag, community_tags, person_tags, plan_item_tags

__all__ = [
    "Activity",
    "ActivityCommunityHour",
    "ActivityHour",
    "ActivityKindDay",
    "ActivityRoleHour",
    "ActivityRoleTotal",
    "AppSetting",
    "ArchiveEntry",
    "ArchivedMemberPair",
    "ArchivedMemberRoles",
    "Base",
    "Channel",
    "Community",
    "DataGeneration",
    "EngagementLevel",
    "Erasure",
    "Identity",
    "Kpi",
    "MemberJoin",
    "MemberPair",
    "MemberRoles",
    "Membership",
    "MergeCandidate",
    "Organisation",
    "OrganisationDomain",
    "Person",
    "PersonDecay",
    "PersonEmail",
    "PersonRole",
    "PersonScore",
    "Plan",
    "PlanItem",
    "PlanTargetCommunity",
    "PlanTargetRole",
    "PlatformAccount",
    "SavedRankings",
    "SyncStatus",
    "Tag",
    "community_tags",
    "person_tags",
    "plan_item_tags",
]
