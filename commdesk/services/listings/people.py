"""The People table: stakeholders, their organisation, roles, communities, email, last activity
and whether they agreed to be contacted; narrowed by role, community, tag and organisation."""

from __future__ import annotations

import string
from typing import Any

import sqlalchemy as sa

from commdesk.domain import (
    Community,
    EngagementLevel,
    Membership,
    Organisation,
    Person,
    PersonEmail,
    PersonRole,
    PersonScore,
)
from commdesk.domain.enums import StakeholderRole
from commdesk.domain.tags import person_tags
from commdesk.services.tables import (
    ColumnKind,
    TableColumn,
    TableSpec,
    escape_like,
    joined,
    parse_roles,
)
from commdesk.store import search as fts

_person_search = sa.table("person_search", sa.column("rowid"))


def people_matching(text: str, *, walk: str | None = None) -> sa.ColumnElement[bool]:
    # The trigram index finds substrings of name, emails, handles and organisation, but only
    # for words of three characters or more. Shorter words must appear in the name; text made
    # only of short words is a name prefix ("Jo" finds Joan and Jonas), as in search().
    # ``walk`` names the sort column whose index a page walks (see TableSpec.walk_matching).
    long_words = [w for w in text.split() if fts.searchable(w)]
    short_words = [w for w in text.split() if not fts.searchable(w)]
    if not long_words:
        return _name_prefix(text, ranged=walk == "name")
    # "id + 0" hides the id from the planner, so it walks the sort column's index and tests
    # each person against the matches instead of sorting them all (see TableSpec).
    person = Person.id + 0 if walk is not None else Person.id
    return sa.and_(
        person.in_(_hits(long_words)),
        *(Person.name.like(f"%{escape_like(w)}%", escape="\\") for w in short_words),
    )


def _name_prefix(text: str, *, ranged: bool) -> sa.ColumnElement[bool]:
    """Names starting with ``text``, any case. LIKE alone cannot use the name index (it
    ignores case, the index does not). ``ranged``, for a walk of the name index: every case
    of the prefix sorts between its upper-case and its lower-case spelling, so that range
    lets the walk start near the matches ("Jo" no longer reads every name from A to Jn)."""
    like = Person.name.like(escape_like(text) + "%", escape="\\")
    if not ranged:
        return like
    lowest = text.translate(_TO_UPPER)
    highest = text.translate(_TO_LOWER) + _LAST_CHARACTER
    return sa.and_(
        Person.name >= lowest,
        Person.name < highest,
        like,
    )


# LIKE folds the case of ASCII letters only, so only those have another case here.
_TO_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_TO_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_LAST_CHARACTER = chr(0x10FFFF)


def _hits(long_words: list[str]) -> sa.Select[tuple[int]]:
    return sa.select(_person_search.c.rowid).where(
        sa.literal_column("person_search").match(fts.match_expression(" ".join(long_words)))
    )


def _common_probe(text: str, enough: int) -> sa.Select[Any]:
    """How many people the text index finds for ``text``, counting no further than ``enough``
    (text of short words only finds none there: it is a name prefix, walked anyway)."""
    long_words = [w for w in text.split() if fts.searchable(w)]
    if not long_words:
        return sa.select(sa.literal(enough))
    found = _hits(long_words).limit(enough).subquery()
    return sa.select(sa.func.count()).select_from(found)


_people = Person.__table__


def _with_role(role: StakeholderRole | str) -> sa.ColumnElement[bool]:
    held = sa.select(PersonRole.person_id).where(PersonRole.role == StakeholderRole(role))
    return Person.id.in_(held)


def _in_community(community_id: int) -> sa.ColumnElement[bool]:
    members = sa.select(Membership.person_id).where(Membership.community_id == community_id)
    return Person.id.in_(members)


def _current_member_of_all(community_ids: tuple[int, ...]) -> sa.ColumnElement[bool]:
    """Current members (not left) of every one of the communities: the people behind a cell
    of the overlap matrix (two communities) or on its diagonal (one)."""
    return sa.and_(
        sa.true(),
        *(
            Person.id.in_(
                sa.select(Membership.person_id).where(
                    Membership.community_id == community_id, Membership.left_on.is_(None)
                )
            )
            for community_id in dict.fromkeys(community_ids)
        ),
    )


def _tagged(tag_id: int) -> sa.ColumnElement[bool]:
    tagged = sa.select(person_tags.c.person_id).where(person_tags.c.tag_id == tag_id)
    return Person.id.in_(tagged)


def _at_organisation(organisation_id: int) -> sa.ColumnElement[bool]:
    return Person.organisation_id == organisation_id


# Columns every table of people shows the same way (the People table, an organisation's people).
ROLES = TableColumn(
    "roles",
    "Roles",
    joined(PersonRole.role, PersonRole.person_id == Person.id),
    kind=ColumnKind.ENUM_LIST,
    convert=parse_roles,
)
EMAIL = TableColumn(
    "email",
    "Email",
    sa.select(PersonEmail.email)
    .where(PersonEmail.person_id == Person.id)
    .order_by(PersonEmail.position)
    .limit(1)
    .scalar_subquery(),
)
LAST_ACTIVITY = TableColumn(
    "last_activity",
    "Last activity",
    Person.last_activity_at,
    kind=ColumnKind.TIMESTAMP,
    indexed=True,
)

# The level of the score summary (people without activity have no row: observers), as an
# EngagementLevel, so that it sorts as it reads: observer < participant < contributor < leader.
_level = sa.select(PersonScore.level).where(PersonScore.person_id == Person.id).scalar_subquery()
ENGAGEMENT = TableColumn(
    "engagement",
    "Engagement",
    sa.func.coalesce(_level, int(EngagementLevel.OBSERVER)),
    convert=EngagementLevel,
)

# The People table's "scope" for the archived people, whom it otherwise leaves out.
ARCHIVED = "archived"

PEOPLE = TableSpec(
    key="people",
    source=sa.outerjoin(_people, Organisation.__table__, Person.organisation_id == Organisation.id),
    count_source=_people,
    row_id=Person.id,
    # "IS NOT 1" rather than "IS 0": without ANALYZE statistics, an equality would talk SQLite
    # into reading ix_people_archived and sorting every person, instead of walking the sort
    # column's index and stopping after one page (2 ms against 500 ms at a million people).
    where=Person.archived.is_not(True),
    hidden=Person.archived.is_(True),
    # The archived people (few: SQLite reads them through ix_people_archived and sorts them).
    scopes={ARCHIVED: Person.archived.is_(True)},
    matching=people_matching,
    common_probe=_common_probe,
    walk_matching=lambda text, key: people_matching(text, walk=key),
    # Values: a StakeholderRole, a community id, a tag id, an organisation id; "members_of"
    # takes a tuple of community ids and keeps their current members only.
    filters={
        "role": _with_role,
        "community": _in_community,
        "members_of": _current_member_of_all,
        "tag": _tagged,
        "organisation": _at_organisation,
    },
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Person.name, seekable=True),
        TableColumn("organisation", "Organisation", Organisation.name),
        ROLES,
        EMAIL,
        LAST_ACTIVITY,
        TableColumn(
            "communities",
            "Communities",
            # Only the rows of a page are read, so a correlated subquery per row is cheap.
            joined(
                Community.name,
                Membership.person_id == Person.id,
                Membership.community_id == Community.id,
                separator=", ",
            ),
        ),
        TableColumn("consent", "Consent", Person.consent),
        ENGAGEMENT,
    ),
)
