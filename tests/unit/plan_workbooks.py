"""A small plan to export and bring back, shared by the export and round-trip tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commdesk.domain.enums import ItemStatus, KpiMetric, Phase, Platform, StakeholderRole
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    CommunityDraft,
    KpiDraft,
    PersonDraft,
    PlanDraft,
    PlanItemDraft,
)
from commdesk.store import Store


@dataclass(frozen=True)
class SamplePlan:
    plan_id: int
    item_ids: tuple[int, ...]
    community_id: int
    other_community_id: int
    owner_id: int


def sample_plan(store: Store) -> SamplePlan:
    people = PeopleService(store)
    owner = people.create(PersonDraft(name="Ada Lovelace"))
    people.create(PersonDraft(name="Grace Hopper"))
    communities = CommunityService(store)
    forum = communities.create(CommunityDraft(name="Makers Forum"))
    guild = communities.create(CommunityDraft(name="Writers Guild"))
    plans = PlanService(store)
    plan_id = plans.create(
        PlanDraft(
            name="Spring launch",
            objective="Bring the makers in",
            owner_id=owner,
            starts_on=date(2026, 3, 2),
            ends_on=date(2026, 6, 30),
            target_community_ids=(forum,),
            target_roles=(StakeholderRole.CUSTOMER,),
            kpis=(KpiDraft(KpiMetric.NEW_MEMBERS, 40, date(2026, 6, 30), "Newcomers"),),
        )
    )
    drafts = [
        PlanItemDraft("Write the policy", Phase.INTERNAL, due_on=date(2026, 3, 3), owner_id=owner),
        PlanItemDraft(
            "Launch post",
            Phase.EXTERNAL,
            platform=Platform.MASTODON,
            community_id=forum,
            due_on=date(2026, 3, 12),
            department="Marketing",
        ),
        PlanItemDraft("Meetup", Phase.EXTERNAL, due_on=date(2026, 3, 26), notes="Room booked"),
        PlanItemDraft("Align the FAQ", Phase.HARMONISE, status=ItemStatus.IDEA),
        PlanItemDraft("Ambassadors", Phase.GROW, due_on=date(2026, 5, 4)),
    ]
    ids = tuple(plans.add_item(plan_id, d) for d in drafts)
    return SamplePlan(plan_id, ids, forum, guild, owner)
