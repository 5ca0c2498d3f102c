"""What the records say about each person: addresses, roles, consent, phone, notes and tags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from commdesk.demo.communities import CHAMPION, INFLUENCER, Communities, Memberships
from commdesk.demo.population import (
    CUSTOMER,
    DEPARTMENT_NAMES,
    GROUP_ROLES,
    Organisations,
    People,
    deduplicate,
    numbered_email,
    personal_emails,
    primary_emails,
)
from commdesk.demo.timeline import END_DAY, BoolArray, IntArray, ObjectArray, day_number, epoch, iso
from commdesk.demo.vocabulary import CONSENT_SOURCES, LOCATIONS, NOTES, TAGS
from commdesk.domain.enums import StakeholderRole

# Per stakeholder group: the chance of consent, and where it comes from (CONSENT_SOURCES).
_CONSENT = (1.0, 0.7, 0.6, 0.8, 0.2, 0.45)
_CONSENT_SOURCES = ((0,), (1, 2, 3, 7), (4,), (5,), (6,), (3, 2, 7, 6))
# Records go back to when the company started keeping contacts in one place.
RECORDS_START = date(2021, 3, 1)
_PRESS = ("The Daily Ledger", "Supply Chain Weekly")


@dataclass
class Contacts:
    email_person: IntArray  # sorted by person, then position
    email_position: IntArray
    email: ObjectArray
    role_person: IntArray  # sorted by person
    role: ObjectArray  # stored StakeholderRole values
    created_at: IntArray
    updated_at: IntArray
    consent: IntArray  # 0/1
    consent_on: ObjectArray
    consent_source: ObjectArray
    phone: ObjectArray
    notes: ObjectArray
    archived: IntArray  # 0/1
    tag_person: IntArray  # sorted by person, then tag
    tag: IntArray  # tag id


def make_contacts(
    rng: np.random.Generator,
    people: People,
    orgs: Organisations,
    members: Memberships,
    comms: Communities,
) -> Contacts:
    n = people.count
    email_person, email_position, email = _emails(rng, people, orgs)
    role_person, role = _roles(people)

    # People enter the records when they are hired, join a community or first get in touch.
    first_joined = np.full(n, END_DAY, dtype=np.int64)
    np.minimum.at(first_joined, members.person, members.joined)
    start = day_number(RECORDS_START)
    created = np.minimum(people.since, first_joined)
    created = np.where(created < start, start + rng.integers(0, 60, n), created)
    created_at = epoch(created) + rng.integers(8 * 3600, 18 * 3600, n)
    end = int(epoch(END_DAY + 1))
    updated_at = created_at + (rng.random(n) * (end - created_at)).astype(np.int64)

    consent = rng.random(n) < np.array(_CONSENT)[people.group]
    consent_on = np.full(n, None, dtype=object)
    consent_on[consent] = iso(np.minimum(created + rng.integers(0, 30, n), END_DAY))[consent]
    consent_source = np.full(n, None, dtype=object)
    source_names = np.array(CONSENT_SOURCES, dtype=object)
    for group, options in enumerate(_CONSENT_SOURCES):
        at = np.flatnonzero(consent & (people.group == group))
        consent_source[at] = source_names[np.array(options)[rng.integers(0, len(options), len(at))]]

    phone = np.full(n, None, dtype=object)
    with_phone = np.flatnonzero(rng.random(n) < 0.4)
    numbers = rng.integers(2_000_000, 9_999_999, len(with_phone)).tolist()
    prefixes = [LOCATIONS[i][1] for i in people.location[with_phone].tolist()]
    phone[with_phone] = [f"{p} {num}" for p, num in zip(prefixes, numbers, strict=True)]
    notes = np.full(n, None, dtype=object)
    with_notes = np.flatnonzero(rng.random(n) < 0.015)
    notes[with_notes] = np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), len(with_notes))]

    tag_person, tag = _tags(
        rng, people=people, orgs=orgs, members=members, comms=comms, consent=consent
    )
    return Contacts(
        email_person=email_person,
        email_position=email_position,
        email=email,
        role_person=role_person,
        role=role,
        created_at=created_at,
        updated_at=updated_at,
        consent=consent.astype(np.int64),
        consent_on=consent_on,
        consent_source=consent_source,
        phone=phone,
        notes=notes,
        archived=(rng.random(n) < 0.015).astype(np.int64),
        tag_person=tag_person,
        tag=tag,
    )


def _emails(
    rng: np.random.Generator, people: People, orgs: Organisations
) -> tuple[IntArray, IntArray, ObjectArray]:
    """Everyone's work (or personal) address first; one in ten has a personal one besides."""
    taken: dict[str, int] = {}
    primary = deduplicate(primary_emails(rng, people, orgs), taken, numbered_email)
    second = np.flatnonzero((people.organisation >= 0) & (rng.random(people.count) < 0.1))
    extra = deduplicate(personal_emails(rng, people, second), taken, numbered_email)
    person = np.concatenate([np.arange(people.count, dtype=np.int64), second])
    position = np.concatenate([np.zeros(people.count, np.int64), np.ones(len(second), np.int64)])
    order = np.lexsort((position, person))
    return person[order], position[order], np.array(primary + extra, dtype=object)[order]


def _roles(people: People) -> tuple[IntArray, ObjectArray]:
    """The group's role for everyone; shareholders and customer-partners hold two."""
    values = np.array([r.value for r in GROUP_ROLES], dtype=object)
    shareholder = np.flatnonzero(people.shareholder)
    partner = np.flatnonzero(people.also_partner)
    # Investors from outside hold only the shareholder role.
    investor = people.shareholder & (people.group == GROUP_ROLES.index(StakeholderRole.OTHER))
    main = np.flatnonzero(~investor)
    person = np.concatenate([main, shareholder, partner]).astype(np.int64)
    role = np.concatenate(
        [
            values[people.group[main]],
            np.full(len(shareholder), StakeholderRole.SHAREHOLDER.value, dtype=object),
            np.full(len(partner), StakeholderRole.PARTNER.value, dtype=object),
        ]
    )
    order = np.argsort(person, kind="stable")
    return person[order], role[order]


def _tags(
    rng: np.random.Generator,
    *,
    people: People,
    orgs: Organisations,
    members: Memberships,
    comms: Communities,
    consent: BoolArray,
) -> tuple[IntArray, IntArray]:
    n = people.count
    group, department = people.group, people.department

    def in_community(key: str, role: int | None = None) -> BoolArray:
        mask = np.zeros(n, dtype=bool)
        where = members.community == comms.index(key)
        if role is not None:
            where &= members.role == role
        mask[members.person[where]] = True
        return mask

    def chance(p: float) -> BoolArray:
        return rng.random(n) < p

    influencer = np.zeros(n, dtype=bool)
    influencer[members.person[members.role == INFLUENCER]] = True
    management = department == DEPARTMENT_NAMES.index("Management")
    big_customers = orgs.of_group(CUSTOMER)[:10]
    press = np.array([orgs.names.index(name) for name in _PRESS])
    customer = group == CUSTOMER
    rules = {
        "vip": customer
        & ((np.isin(people.organisation, big_customers) & management) | chance(0.01)),
        "speaker": influencer & chance(0.4),
        "beta-tester": customer & chance(0.04),
        "press": np.isin(people.organisation, press),
        "ambassador": in_community("ambassadors", CHAMPION),
        "decision-maker": management & chance(0.5),
        "newsletter": consent & chance(0.15),
        "at-risk": customer & chance(0.02),
        "sustainability": (department == DEPARTMENT_NAMES.index("Sustainability")) & chance(0.6)
        | in_community("green-team") & chance(0.3),
        "open-source": in_community("opensource") & chance(0.2),
        "early-adopter": chance(0.02),
    }
    persons = [np.flatnonzero(mask) for mask in rules.values()]
    tags = [
        np.full(len(p), TAGS.index(name) + 1, dtype=np.int64)
        for name, p in zip(rules, persons, strict=True)
    ]
    person, tag = np.concatenate(persons).astype(np.int64), np.concatenate(tags)
    order = np.lexsort((tag, person))
    return person[order], tag[order]
