"""Organisations and people of the demo world, drawn with numpy a column at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from commdesk.demo.timeline import (
    END_DAY,
    BoolArray,
    FloatArray,
    IntArray,
    ObjectArray,
    day_number,
)
from commdesk.demo.vocabulary import (
    DEPARTMENTS,
    EXTERNAL_DEPARTMENTS,
    FIRST_NAMES,
    HOME_DOMAIN,
    HOME_NAME,
    LAST_NAMES,
    LOCATIONS,
    OFFICE_COUNT,
    OFFICE_WEIGHTS,
    ORG_PREFIXES,
    ORG_SECTORS,
    ORG_SUFFIXES,
    OTHER_ORGANISATIONS,
    PERSONAL_DOMAINS,
    slug,
)
from commdesk.domain.enums import OrganisationKind, StakeholderRole

# Every person belongs to one stakeholder group; some hold a second role on top (below).
GROUP_ROLES = (
    StakeholderRole.EMPLOYEE,
    StakeholderRole.CUSTOMER,
    StakeholderRole.SUPPLIER,
    StakeholderRole.PARTNER,
    StakeholderRole.COMPETITOR,
    StakeholderRole.OTHER,
)
EMPLOYEE, CUSTOMER, SUPPLIER, PARTNER, COMPETITOR, OTHER = range(len(GROUP_ROLES))
GROUP_NAMES = tuple(role.value for role in GROUP_ROLES)
_GROUP_SHARES = (0.10, 0.50, 0.08, 0.07, 0.02, 0.23)
_GROUP_ACTIVITY = np.array([1.2, 1.0, 0.6, 1.1, 0.4, 0.9])
_HAS_ORGANISATION = np.array([1.0, 0.85, 1.0, 1.0, 1.0, 0.5])

DEPARTMENT_NAMES = tuple(d[0] for d in DEPARTMENTS) + tuple(d[0] for d in EXTERNAL_DEPARTMENTS)
_TITLE_LISTS = tuple(d[2] for d in DEPARTMENTS) + tuple(d[1] for d in EXTERNAL_DEPARTMENTS)
TITLES = tuple(title for titles in _TITLE_LISTS for title in titles)
_TITLE_START = np.cumsum([0] + [len(t) for t in _TITLE_LISTS])[:-1]
_TITLE_COUNT = np.array([len(t) for t in _TITLE_LISTS])
_HOME_DEPARTMENTS = len(DEPARTMENTS)
# Records go back to when the company started keeping them in one place.
_FIRST_CONTACT = date(2021, 3, 1)

# Departments outside the company per group (IT, Procurement, Operations, Marketing,
# Management, Sustainability, Sales, Research, none).
_EXTERNAL_DEPARTMENT_WEIGHTS = {
    CUSTOMER: (0.3, 0.12, 0.15, 0.1, 0.1, 0.05, 0.03, 0.0, 0.15),
    SUPPLIER: (0.05, 0.0, 0.2, 0.0, 0.15, 0.1, 0.35, 0.0, 0.15),
    PARTNER: (0.3, 0.0, 0.0, 0.1, 0.2, 0.0, 0.3, 0.0, 0.1),
    COMPETITOR: (0.25, 0.0, 0.0, 0.25, 0.15, 0.0, 0.2, 0.0, 0.15),
    OTHER: (0.15, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.35),
}

# Full names and email local parts for every (first, last) pair, computed once.
_FIRST_SLUGS = [slug(n) for n in FIRST_NAMES]
_LAST_SLUGS = [slug(n) for n in LAST_NAMES]
NAMES: ObjectArray = np.array([[f"{f} {s}" for s in LAST_NAMES] for f in FIRST_NAMES], dtype=object)
# Styles of user names: first.last, flast, first_last (the three email styles), first-last,
# firstlast.
_SEPARATORS = (".", "", "_", "-", "")
LOCAL_PARTS: ObjectArray = np.array(
    [
        [[f"{f[0] if i == 1 else f}{sep}{s}" for s in _LAST_SLUGS] for f in _FIRST_SLUGS]
        for i, sep in enumerate(_SEPARATORS)
    ],
    dtype=object,
)
STYLE_DOTTED, STYLE_INITIAL, STYLE_UNDERSCORE, STYLE_DASHED, STYLE_JOINED = range(5)


def pick(rng: np.random.Generator, count: int, weights: Sequence[float] | FloatArray) -> IntArray:
    """``count`` indices drawn with the given (unnormalised) weights."""
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    drawn = np.searchsorted(cdf, rng.random(count) * cdf[-1], side="right")
    picked: IntArray = np.minimum(drawn, len(cdf) - 1).astype(np.int64)
    return picked


def zipf_weights(count: int, exponent: float = 0.9) -> FloatArray:
    """A few big, many small: the weight of the k-th largest is 1 / k**exponent."""
    weights: FloatArray = (1.0 / np.arange(1, count + 1) ** exponent).astype(np.float64)
    return weights


@dataclass
class Organisations:
    names: list[str]
    kinds: list[str]
    domains: list[str]  # the primary email domain of each
    extra_domains: list[tuple[int, str]]  # (organisation index, domain)
    group: IntArray  # the stakeholder group whose people work there
    location: IntArray
    email_style: IntArray

    def of_group(self, group: int) -> IntArray:
        return np.flatnonzero(self.group == group).astype(np.int64)


def make_organisations(rng: np.random.Generator, counts: Sequence[int]) -> Organisations:
    """The home company, then ``counts`` customers, suppliers, partners and competitors
    (distinct prefix × sector names), then the fixed research, public and press bodies."""
    total = sum(counts)
    pairs = len(ORG_PREFIXES) * len(ORG_SECTORS)
    if total > pairs:
        raise ValueError(f"the demo knows only {pairs} company names, not {total}")
    combos = rng.choice(pairs, size=total, replace=False)
    suffixes = rng.integers(0, len(ORG_SUFFIXES), total)
    names, kinds, domains = [HOME_NAME], [OrganisationKind.COMPANY.value], [HOME_DOMAIN]
    for combo, suffix in zip(combos.tolist(), suffixes.tolist(), strict=True):
        prefix, sector = (
            ORG_PREFIXES[combo // len(ORG_SECTORS)],
            ORG_SECTORS[combo % len(ORG_SECTORS)],
        )
        names.append(f"{prefix} {sector} {ORG_SUFFIXES[suffix]}".strip())
        kinds.append(OrganisationKind.COMPANY.value)
        domains.append(f"{slug(prefix)}-{slug(sector)}.example")
    for name, kind, domain in OTHER_ORGANISATIONS:
        names.append(name)
        kinds.append(kind)
        domains.append(domain)
    group = np.repeat(
        np.arange(5, dtype=np.int64), [1, *counts]
    )  # home, customers, suppliers, partners, competitors
    group = np.concatenate([group, np.full(len(OTHER_ORGANISATIONS), OTHER, dtype=np.int64)])
    location = pick(rng, len(names), _location_weights())
    location[0] = 0
    extra_domains = [(0, "northwind.example")]
    return Organisations(
        names=names,
        kinds=kinds,
        domains=domains,
        extra_domains=extra_domains,
        group=group,
        location=location,
        email_style=rng.choice(3, size=len(names), p=[0.6, 0.25, 0.15]).astype(np.int64),
    )


def _location_weights() -> FloatArray:
    weights = np.ones(len(LOCATIONS))
    weights[:OFFICE_COUNT] = 3.0
    return weights


@dataclass
class People:
    """One entry per person; person ``i`` is stored with id ``i + 1``."""

    count: int
    group: IntArray
    shareholder: BoolArray
    also_partner: BoolArray
    organisation: IntArray  # index into Organisations, -1 for none
    first: IntArray
    last: IntArray
    department: IntArray  # index into DEPARTMENT_NAMES, -1 for none
    title: IntArray  # index into TITLES, -1 for none
    location: IntArray
    weight: FloatArray  # how much this person tends to do, heavy-tailed
    since: IntArray  # hire day of employees, first contact day of everyone else

    def names(self) -> ObjectArray:
        return NAMES[self.first, self.last]

    def employees_of(self, department: str) -> IntArray:
        """Employees of a home department (every employee if the department has none)."""
        code = DEPARTMENT_NAMES.index(department)
        found = np.flatnonzero((self.group == EMPLOYEE) & (self.department == code))
        return found if len(found) else np.flatnonzero(self.group == EMPLOYEE)

    def in_department(self, department: str) -> BoolArray:
        code = DEPARTMENT_NAMES.index(department)
        mask: BoolArray = (self.group == EMPLOYEE) & (self.department == code)
        return mask


def make_people(rng: np.random.Generator, count: int, orgs: Organisations) -> People:
    group = pick(rng, count, _GROUP_SHARES)
    group[:2] = EMPLOYEE  # a small world still has colleagues to own its plans
    employee = group == EMPLOYEE

    organisation = np.full(count, -1, dtype=np.int64)
    organisation[employee] = 0
    for g in (CUSTOMER, SUPPLIER, PARTNER, COMPETITOR, OTHER):
        members = np.flatnonzero((group == g) & (rng.random(count) < _HAS_ORGANISATION[g]))
        candidates = orgs.of_group(g)
        organisation[members] = candidates[pick(rng, len(members), zipf_weights(len(candidates)))]

    department = np.full(count, -1, dtype=np.int64)
    department[employee] = pick(rng, int(employee.sum()), [d[1] for d in DEPARTMENTS])
    for g, weights in _EXTERNAL_DEPARTMENT_WEIGHTS.items():
        members = np.flatnonzero(group == g)
        drawn = pick(rng, len(members), weights) + _HOME_DEPARTMENTS
        drawn[drawn == len(DEPARTMENT_NAMES)] = -1  # the last weight is "no department"
        department[members] = drawn
    has = department >= 0
    # Juniors are many, heads are few: earlier titles in each list are likelier.
    rank = np.floor(rng.exponential(1.6, count)).astype(np.int64)
    title = np.full(count, -1, dtype=np.int64)
    title[has] = _TITLE_START[department[has]] + np.minimum(
        rank[has], _TITLE_COUNT[department[has]] - 1
    )

    location = pick(rng, count, _location_weights())
    location[employee] = pick(rng, int(employee.sum()), OFFICE_WEIGHTS)
    local = (organisation > 0) & (rng.random(count) < 0.7)
    location[local] = orgs.location[organisation[local]]

    # Activity propensity: Pareto-tailed, so a few people do a great deal; a third mostly lurk.
    weight = (rng.pareto(1.3, count) + 0.2) * _GROUP_ACTIVITY[group]
    weight = np.minimum(weight, 25.0) * np.where(rng.random(count) < 0.33, 0.1, 1.0)

    hired = END_DAY - np.minimum(rng.exponential(3 * 365, count), 14 * 365).astype(np.int64)
    first_contact = rng.integers(day_number(_FIRST_CONTACT), END_DAY + 1, count)
    since = np.where(employee, hired, first_contact).astype(np.int64)

    return People(
        count=count,
        group=group,
        shareholder=(employee & (rng.random(count) < 0.15))
        | ((group == OTHER) & (rng.random(count) < 0.04)),
        also_partner=(group == CUSTOMER) & (rng.random(count) < 0.03),
        organisation=organisation,
        first=rng.integers(0, len(FIRST_NAMES), count),
        last=rng.integers(0, len(LAST_NAMES), count),
        department=department,
        title=title,
        location=location,
        weight=weight,
        since=since,
    )


def primary_emails(rng: np.random.Generator, people: People, orgs: Organisations) -> list[str]:
    """Work addresses at the organisation's domain in its house style; people without one get
    a personal address. Clashes get a number, as mail servers do (``anna.nowak2@...``)."""
    has_org = people.organisation >= 0
    style = np.where(has_org, orgs.email_style[np.maximum(people.organisation, 0)], 0)
    local = LOCAL_PARTS[style, people.first, people.last]
    domain_of = np.array(orgs.domains + list(PERSONAL_DOMAINS), dtype=object)
    personal = len(orgs.domains) + rng.integers(0, len(PERSONAL_DOMAINS), people.count)
    domain = domain_of[np.where(has_org, people.organisation, personal)]
    return [f"{a}@{b}" for a, b in zip(local.tolist(), domain.tolist(), strict=True)]


def personal_emails(rng: np.random.Generator, people: People, chosen: IntArray) -> list[str]:
    domain = np.array(PERSONAL_DOMAINS, dtype=object)[
        rng.integers(0, len(PERSONAL_DOMAINS), len(chosen))
    ]
    local = LOCAL_PARTS[0, people.first[chosen], people.last[chosen]]
    return [f"{a}@{b}" for a, b in zip(local.tolist(), domain.tolist(), strict=True)]


def deduplicate(
    values: list[str], taken: dict[str, int], numbered: Callable[[str, int], str]
) -> list[str]:
    """Make every value unique among ``taken`` (updated), numbering repeats from 2."""
    out = []
    for value in values:
        seen = taken.get(value)
        if seen is None:
            taken[value] = 1
            out.append(value)
            continue
        while True:
            seen += 1
            candidate = numbered(value, seen)
            if candidate not in taken:
                break
        taken[value] = seen
        taken[candidate] = 1
        out.append(candidate)
    return out


def numbered_email(address: str, n: int) -> str:
    local, _, domain = address.partition("@")
    return f"{local}{n}@{domain}"
