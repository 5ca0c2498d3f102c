"""The three engagement plans of the demo world, with their items in the four phases.

Items are written as a table, one per line: phase | title | kind | platform | department |
community key | tags ("-" for none). The enums check every value when the module loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commdesk.domain.enums import (
    ItemKind,
    KpiMetric,
    Phase,
    PlanStatus,
    Platform,
    StakeholderRole,
)


@dataclass(frozen=True)
class ItemSpec:
    phase: Phase
    title: str
    kind: ItemKind
    platform: Platform | None
    department: str
    community: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class KpiSpec:
    metric: KpiMetric
    label: str
    target: float
    scales: bool = True  # grows with the number of people in the world


@dataclass(frozen=True)
class PlanSpec:
    name: str
    objective: str
    owner_department: str
    starts: date
    ends: date
    status: PlanStatus
    communities: tuple[str, ...]
    roles: tuple[StakeholderRole, ...]
    kpis: tuple[KpiSpec, ...]
    items: tuple[ItemSpec, ...]

    def phase_items(self, phase: Phase) -> list[ItemSpec]:
        return [item for item in self.items if item.phase is phase]


def _items(table: str) -> tuple[ItemSpec, ...]:
    items = []
    for line in table.strip().splitlines():
        phase, title, kind, platform, department, community, tags = (
            cell.strip() for cell in line.split("|")
        )
        items.append(
            ItemSpec(
                phase=Phase(phase),
                title=title,
                kind=ItemKind(kind),
                platform=None if platform == "-" else Platform(platform),
                department=department,
                community=None if community == "-" else community,
                tags=() if tags == "-" else tuple(tags.split()),
            )
        )
    return tuple(items)


_ADVOCACY_ITEMS = _items("""
internal  | Publish the social media policy                     | policy   | -         | People & Culture | -           | legal-review
internal  | Set up the #ambassadors Slack channel               | process  | slack     | Marketing        | ambassadors | quick-win
internal  | Ambassador training: telling our story on LinkedIn  | training | linkedin  | Marketing        | ambassadors | -
internal  | Recruit the first 50 ambassadors across departments | outreach | slack     | People & Culture | ambassadors | -
internal  | Monthly content pack for ambassadors                | content  | email     | Marketing        | -           | -
external  | Weekly LinkedIn post calendar                       | content  | linkedin  | Marketing        | linkedin    | -
external  | Employee spotlight series                           | content  | linkedin  | People & Culture | linkedin    | flagship
external  | Join the #NorthwindOpen conversation on Mastodon    | campaign | mastodon  | Marketing        | mastodon    | -
external  | Engineers blog about their open-source work         | content  | github    | Engineering      | opensource  | -
harmonise | One tone-of-voice guide for every platform          | policy   | -         | Marketing        | -           | -
harmonise | Cross-posting calendar for LinkedIn and Mastodon    | process  | -         | Marketing        | -           | -
harmonise | Align ambassador content with Sales campaigns       | process  | -         | Sales            | -           | -
harmonise | Quarterly ambassador survey                         | survey   | email     | People & Culture | -           | -
grow      | Ambassador of the quarter award                     | campaign | slack     | People & Culture | ambassadors | -
grow      | Feed ambassador insights into recruiting            | process  | -         | People & Culture | -           | -
grow      | Extend the programme to partners                    | outreach | linkedin  | Sales            | partners    | needs-budget
grow      | Report reach and sentiment to the board             | process  | -         | Marketing        | -           | -
""")  # fmt: skip

_LAUNCH_ITEMS = _items("""
internal  | Forum moderation policy and code of conduct         | policy   | discourse | Support          | forum         | legal-review
internal  | Train the Support team as moderators                | training | discourse | Support          | forum         | -
internal  | Seed 100 answered questions before launch           | content  | discourse | Support          | forum         | quick-win
internal  | Launch briefing for Sales                           | training | slack     | Sales            | -             | -
external  | Launch email to every customer                      | campaign | email     | Marketing        | -             | flagship
external  | Invite top customers as founding members            | outreach | email     | Sales            | forum         | -
external  | Start the Manchester and Berlin user groups         | event    | meetup    | Marketing        | ug-Manchester | -
external  | Monthly "Ask the engineers" thread                  | content  | discourse | Engineering      | forum         | -
harmonise | Link forum accounts to support tickets              | process  | discourse | Support          | forum         | -
harmonise | Single sign-on between the app and the forum        | process  | website   | Engineering      | -             | needs-budget
harmonise | Same event listings on Meetup and the forum         | process  | meetup    | Marketing        | -             | -
grow      | Top feature requests reviewed by Product monthly    | process  | discourse | Engineering      | forum         | -
grow      | Customer champions programme                        | campaign | discourse | Support          | forum         | -
grow      | Open user groups in Kraków and Lagos                | event    | meetup    | Marketing        | ug-Kraków     | -
grow      | First Community Day                                 | event    | in_person | Marketing        | -             | flagship
""")  # fmt: skip

_COUNCIL_ITEMS = _items("""
internal  | Sustainability criteria for procurement             | policy   | -         | Operations       | -                | legal-review
internal  | Briefing for the procurement team                   | training | in_person | Operations       | green-team       | -
internal  | Carbon data template for suppliers                  | content  | email     | Operations       | -                | -
external  | Invite the top 40 suppliers to the council          | outreach | email     | Operations       | supplier-council | -
external  | Kick-off plenary in Manchester                      | event    | in_person | Operations       | supplier-council | flagship
external  | Supplier questionnaire on Scope 3 emissions         | survey   | email     | Operations       | supplier-council | -
harmonise | Shared emissions dashboard with suppliers           | process  | website   | Engineering      | -                | needs-budget
harmonise | Align supplier KPIs with finance reporting          | process  | -         | Finance          | -                | -
harmonise | Quarterly council newsletter                        | content  | email     | Marketing        | supplier-council | -
grow      | Joint packaging-reduction pilot                     | campaign | in_person | Operations       | -                | -
grow      | Feed supplier ideas into product design             | process  | -         | Engineering      | -                | -
grow      | Publish the council's first impact report           | content  | website   | Marketing        | -                | quick-win
""")  # fmt: skip

PLANS: tuple[PlanSpec, ...] = (
    PlanSpec(
        name="Employee Advocacy 2026",
        objective=(
            "Turn employees into confident advocates who share Northwind's work on LinkedIn "
            "and Mastodon, so that people hear about us from people."
        ),
        owner_department="Marketing",
        starts=date(2026, 1, 12),
        ends=date(2026, 12, 18),
        status=PlanStatus.ACTIVE,
        communities=("ambassadors", "net-Marketing", "linkedin", "mastodon"),
        roles=(StakeholderRole.EMPLOYEE, StakeholderRole.SHAREHOLDER),
        kpis=(
            KpiSpec(KpiMetric.ACTIVE_MEMBERS, "Active ambassadors", 300),
            KpiSpec(KpiMetric.ACTIVITIES_PER_WEEK, "Employee posts and shares per week", 450),
            KpiSpec(KpiMetric.CUSTOM, "Posts reaching 1,000 impressions", 40, scales=False),
        ),
        items=_ADVOCACY_ITEMS,
    ),
    PlanSpec(
        name="Customer Community Launch",
        objective=(
            "Launch the Customer Forum and local user groups so that customers answer each "
            "other's questions and bring us their best ideas."
        ),
        owner_department="Support",
        starts=date(2025, 1, 13),
        ends=date(2026, 9, 30),
        status=PlanStatus.DONE,
        communities=("forum", "ug-Manchester", "ug-Berlin", "ug-Kraków", "ug-Lagos"),
        roles=(StakeholderRole.CUSTOMER, StakeholderRole.PARTNER),
        kpis=(
            KpiSpec(KpiMetric.NEW_MEMBERS, "New forum members", 2500),
            KpiSpec(KpiMetric.ACTIVE_MEMBERS, "Monthly active forum members", 800),
            KpiSpec(KpiMetric.EVENT_ATTENDANCE, "User group attendance", 600),
        ),
        items=_LAUNCH_ITEMS,
    ),
    PlanSpec(
        name="Supplier Sustainability Council",
        objective=(
            "Bring our main suppliers together to cut the emissions and packaging of our "
            "supply chain, with shared data and public targets."
        ),
        owner_department="Operations",
        starts=date(2026, 11, 16),
        ends=date(2027, 11, 26),
        status=PlanStatus.DRAFT,
        communities=("supplier-council", "green-team"),
        roles=(StakeholderRole.SUPPLIER, StakeholderRole.EMPLOYEE),
        kpis=(
            KpiSpec(KpiMetric.ACTIVE_MEMBERS, "Suppliers active in the council", 40),
            KpiSpec(KpiMetric.CUSTOM, "Suppliers with science-based targets", 25, scales=False),
            KpiSpec(KpiMetric.EVENT_ATTENDANCE, "Council plenary attendance", 120),
        ),
        items=_COUNCIL_ITEMS,
    ),
)
