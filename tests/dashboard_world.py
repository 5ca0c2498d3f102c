"""A small world for the Overview's aggregates, whose answers are worked out by hand.

========  =====================  ========================
person    roles                  communities
========  =====================  ========================
ann       employee, shareholder  forum, guild, circle
bob       customer               forum, guild
cat       customer, partner      forum, circle (left)
dan       (none)                 forum
eve       employee               guild
========  =====================  ========================

Activities (UTC), the range being Monday 2 to Sunday 15 March 2026:

====  ====  ======  ========  ==========================  =====================
name  who   where   platform  when (UTC)                  local weekday / hour
====  ====  ======  ========  ==========================  =====================
a1    ann   forum   github    Mon 2 Mar 09:30             Mon 9
a2    ann   forum   github    Mon 2 Mar 09:45             Mon 9
a3    bob   guild   slack     Tue 3 Mar 14:00             Tue 14
a4    cat   forum   slack     Mon 9 Mar 09:10             Mon 9
a5    eve   guild   github    Sun 15 Mar 23:30            Sun 23 (Mon 16 at UTC+1: out)
a6    dan   -       meetup    Fri 20 Mar 12:00            out of range
a7    bob   forum   github    Sun 1 Mar 23:30             out (Mon 2 00:30 at UTC+1: in)
====  ====  ======  ========  ==========================  =====================
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text

from commdesk.domain.enums import ActivityKind, Platform
from commdesk.domain.enums import StakeholderRole as R
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store

START = date(2026, 3, 2)
END = date(2026, 3, 15)


def build_world(store: Store) -> dict[str, int]:
    people = PeopleService(store)
    communities = CommunityService(store)
    ids = {
        "ann": people.create(PersonDraft("Ann", roles=(R.EMPLOYEE, R.SHAREHOLDER))),
        "bob": people.create(PersonDraft("Bob", roles=(R.CUSTOMER,))),
        "cat": people.create(PersonDraft("Cat", roles=(R.CUSTOMER, R.PARTNER))),
        "dan": people.create(PersonDraft("Dan")),
        "eve": people.create(PersonDraft("Eve", roles=(R.EMPLOYEE,))),
    }
    for name in ("forum", "guild", "circle", "empty"):
        ids[name] = communities.create(CommunityDraft(name.capitalize()))
    for person, community in [
        ("ann", "forum"),
        ("bob", "forum"),
        ("cat", "forum"),
        ("dan", "forum"),
        ("ann", "guild"),
        ("bob", "guild"),
        ("eve", "guild"),
        ("ann", "circle"),
        ("cat", "circle"),
    ]:
        communities.add_member(ids[community], ids[person])
    with store.session() as session:
        session.execute(
            text("UPDATE memberships SET left_on = :d WHERE person_id = :p AND community_id = :c"),
            {"d": date(2026, 1, 31), "p": ids["cat"], "c": ids["circle"]},
        )
    log = ActivityService(store)
    for who, where, platform, when in [
        ("ann", "forum", Platform.GITHUB, datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
        ("ann", "forum", Platform.GITHUB, datetime(2026, 3, 2, 9, 45, tzinfo=UTC)),
        ("bob", "guild", Platform.SLACK, datetime(2026, 3, 3, 14, 0, tzinfo=UTC)),
        ("cat", "forum", Platform.SLACK, datetime(2026, 3, 9, 9, 10, tzinfo=UTC)),
        ("eve", "guild", Platform.GITHUB, datetime(2026, 3, 15, 23, 30, tzinfo=UTC)),
        ("dan", None, Platform.MEETUP, datetime(2026, 3, 20, 12, 0, tzinfo=UTC)),
        ("bob", "forum", Platform.GITHUB, datetime(2026, 3, 1, 23, 30, tzinfo=UTC)),
    ]:
        log.log(
            ActivityDraft(
                person_id=ids[who],
                occurred_at=when,
                platform=platform,
                kind=ActivityKind.COMMENT,
                community_id=ids[where] if where else None,
            )
        )
    return ids
