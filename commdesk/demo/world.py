"""The hand-made part of the demo world: its communities (its plans are in ``plan_specs``).

People, memberships and activity are drawn at random around these; what is written here is
what a person exploring the demo recognises (an employee network per department, the Customer
Forum on Discourse, a Mastodon hashtag, three plans in the four phases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commdesk.demo.vocabulary import DEPARTMENTS, HOME_DOMAIN
from commdesk.domain.enums import (
    CommunityScope,
    Platform,
)

# The demo's "today": its activity log ends on this day, so the world never depends on the clock.
END_DATE = date(2026, 10, 31)
WINDOW_DAYS = 730  # two years of activity, ending on END_DATE


@dataclass(frozen=True)
class CommunitySpec:
    """A community, where it lives and who tends to join it.

    ``join`` maps a stakeholder group ("employee", "customer", ..., "shareholder") or a home
    department ("dept:Engineering") to the chance that such a person is a member; the best
    matching chance applies. ``city`` restricts membership to people living there.
    """

    key: str
    name: str
    purpose: str
    scope: CommunityScope
    created: date
    channels: tuple[tuple[Platform, str, float], ...]
    owner_department: str
    join: dict[str, float]
    liveliness: float = 1.0
    city: str | None = None
    archived_on: date | None = None
    tags: tuple[str, ...] = ()


def _network(department: str, address: str, created: date) -> CommunitySpec:
    return CommunitySpec(
        key=f"net-{department}",
        name=f"{department} Network",
        purpose=(
            f"The employee network of {department}: news, questions and help across teams, "
            "and the first place new colleagues are introduced."
        ),
        scope=CommunityScope.INTERNAL,
        created=created,
        channels=(
            (Platform.SLACK, address, 0.82),
            (Platform.EMAIL, f"{address.strip('#')}@{HOME_DOMAIN}", 0.05),
            (Platform.IN_PERSON, f"{department} all-hands, Manchester", 0.13),
        ),
        owner_department=department,
        join={f"dept:{department}": 0.9, "employee": 0.02},
    )


def _user_group(city: str, venue: str, created: date) -> CommunitySpec:
    town = city.split(",", maxsplit=1)[0]
    return CommunitySpec(
        key=f"ug-{town}",
        name=f"Northwind User Group {town}",
        purpose=f"Monthly meetups in {town} for people who use and build on Northwind products.",
        scope=CommunityScope.EXTERNAL,
        created=created,
        channels=(
            (Platform.MEETUP, f"https://www.meetup.com/northwind-user-group-{_url(town)}/", 0.55),
            (Platform.IN_PERSON, venue, 0.45),
        ),
        owner_department="Marketing",
        join={"customer": 0.25, "other": 0.2, "partner": 0.1, "employee": 0.1},
        city=city,
        tags=("event-host",),
    )


def _url(text: str) -> str:
    return text.lower().replace("ó", "o").replace(" ", "-")


_NETWORK_CHANNELS = ("#eng-network", "#marketing-network", "#sales-network", "#ops-network",
                     "#support-network", "#finance-network", "#people-culture")  # fmt: skip

COMMUNITIES: tuple[CommunitySpec, ...] = (
    *(
        _network(dept[0], address, date(2019 + i % 3, 1 + (2 * i) % 12, 4))
        for i, (dept, address) in enumerate(zip(DEPARTMENTS, _NETWORK_CHANNELS, strict=True))
    ),
    CommunitySpec(
        key="ambassadors",
        name="Northwind Ambassadors",
        purpose="Employees who share Northwind's work in their own voice, mostly on LinkedIn.",
        scope=CommunityScope.INTERNAL,
        created=date(2025, 11, 17),
        channels=(
            (Platform.SLACK, "#ambassadors", 0.6),
            (Platform.LINKEDIN, "https://www.linkedin.com/company/northwind-collective/", 0.4),
        ),
        owner_department="Marketing",
        join={"dept:Marketing": 0.35, "employee": 0.06},
        liveliness=1.6,
        tags=("ambassador",),
    ),
    CommunitySpec(
        key="green-team",
        name="Green Team",
        purpose="Volunteers who make our offices and supply chain greener.",
        scope=CommunityScope.INTERNAL,
        created=date(2021, 4, 22),
        channels=(
            (Platform.SLACK, "#green-team", 0.7),
            (Platform.IN_PERSON, "Green Team lunch, Manchester", 0.3),
        ),
        owner_department="Operations",
        join={"dept:Operations": 0.15, "employee": 0.05},
        tags=("sustainability",),
    ),
    CommunitySpec(
        key="forum",
        name="Northwind Customer Forum",
        purpose="Customers help each other, ask the team and shape the roadmap.",
        scope=CommunityScope.EXTERNAL,
        created=date(2025, 3, 10),
        channels=(
            (Platform.DISCOURSE, f"https://community.{HOME_DOMAIN}", 0.9),
            (Platform.EMAIL, f"forum@{HOME_DOMAIN}", 0.05),
        ),
        owner_department="Support",
        join={
            "customer": 0.55,
            "partner": 0.2,
            "other": 0.05,
            "dept:Support": 0.45,
            "dept:Engineering": 0.08,
        },
        liveliness=1.3,
        tags=("flagship",),
    ),
    CommunitySpec(
        key="partners",
        name="Partner Programme",
        purpose="Resellers and integrators: enablement, co-marketing and the yearly Summit.",
        scope=CommunityScope.MIXED,
        created=date(2022, 5, 2),
        channels=(
            (Platform.SLACK, "#partners (Slack Connect)", 0.65),
            (Platform.EMAIL, f"partners@{HOME_DOMAIN}", 0.15),
            (Platform.IN_PERSON, "Partner Summit, Berlin", 0.2),
        ),
        owner_department="Sales",
        join={"partner": 0.75, "customer": 0.02, "dept:Sales": 0.3},
    ),
    CommunitySpec(
        key="supplier-council",
        name="Supplier Council",
        purpose="Our main suppliers and our buyers, working together on a fairer, greener chain.",
        scope=CommunityScope.MIXED,
        created=date(2025, 2, 3),
        channels=(
            (Platform.EMAIL, f"supplier-council@{HOME_DOMAIN}", 0.5),
            (Platform.IN_PERSON, "Council meeting, Manchester HQ", 0.3),
            (Platform.OTHER, "Microsoft Teams: Supplier Council", 0.2),
        ),
        owner_department="Operations",
        join={"supplier": 0.35, "dept:Operations": 0.12, "dept:Finance": 0.05},
        liveliness=0.8,
        tags=("sustainability",),
    ),
    CommunitySpec(
        key="mastodon",
        name="#NorthwindOpen on Mastodon",
        purpose="Everyone who posts with the #NorthwindOpen hashtag across the fediverse.",
        scope=CommunityScope.EXTERNAL,
        created=date(2024, 11, 20),
        channels=((Platform.MASTODON, "#NorthwindOpen", 1.0),),
        owner_department="Marketing",
        join={
            "other": 0.25,
            "customer": 0.05,
            "partner": 0.05,
            "competitor": 0.08,
            "employee": 0.08,
        },
        liveliness=1.2,
    ),
    CommunitySpec(
        key="linkedin",
        name="Northwind Professionals (LinkedIn group)",
        purpose="Industry conversation around our products, events and jobs.",
        scope=CommunityScope.EXTERNAL,
        created=date(2020, 6, 1),
        channels=((Platform.LINKEDIN, "https://www.linkedin.com/groups/13920455/", 1.0),),
        owner_department="Marketing",
        join={
            "customer": 0.2,
            "partner": 0.3,
            "supplier": 0.1,
            "employee": 0.3,
            "other": 0.15,
            "competitor": 0.12,
        },
        liveliness=0.7,
    ),
    CommunitySpec(
        key="opensource",
        name="Northwind Open Source",
        purpose="Contributors to our SDKs and connectors on GitHub, and the chat around them.",
        scope=CommunityScope.EXTERNAL,
        created=date(2019, 9, 10),
        channels=(
            (Platform.GITHUB, "https://github.com/northwind-collective", 0.8),
            (Platform.DISCORD, "https://discord.gg/northwind-open", 0.2),
        ),
        owner_department="Engineering",
        join={
            "other": 0.2,
            "customer": 0.07,
            "competitor": 0.06,
            "partner": 0.05,
            "dept:Engineering": 0.35,
        },
        liveliness=1.4,
        tags=("open-source",),
    ),
    _user_group("Manchester, United Kingdom", "Manchester Science Park", date(2023, 2, 9)),
    _user_group("Berlin, Germany", "Factory Görlitzer Park", date(2023, 9, 14)),
    _user_group("Kraków, Poland", "Kraków Technology Park", date(2025, 4, 10)),
    _user_group("Lagos, Nigeria", "Lagos Innovation Hub, Yaba", date(2025, 6, 12)),
    _user_group("Toronto, Canada", "MaRS Discovery District", date(2026, 1, 15)),
    CommunitySpec(
        key="shareholders",
        name="Shareholder Circle",
        purpose="Employee-owners and investors: results, votes and the Annual General Meeting.",
        scope=CommunityScope.MIXED,
        created=date(2018, 5, 2),
        channels=(
            (Platform.EMAIL, f"investors@{HOME_DOMAIN}", 0.6),
            (Platform.IN_PERSON, "Annual General Meeting, Manchester", 0.4),
        ),
        owner_department="Finance",
        join={"shareholder": 0.9},
        liveliness=0.3,
    ),
    CommunitySpec(
        key="insiders",
        name="Northwind Insiders (Google+)",
        purpose="Our first customer community, closed when Google+ shut down.",
        scope=CommunityScope.EXTERNAL,
        created=date(2014, 2, 3),
        channels=((Platform.OTHER, "plus.google.com/communities/northwind-insiders", 1.0),),
        owner_department="Marketing",
        join={"customer": 0.03, "other": 0.05, "employee": 0.05},
        archived_on=date(2019, 3, 29),
    ),
)
