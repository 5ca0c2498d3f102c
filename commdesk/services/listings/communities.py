"""The Communities table, the members of one community, and the people who bridge two."""

from __future__ import annotations

import sqlalchemy as sa

from commdesk.domain import Community, Membership, Organisation, Person, PersonRole
from commdesk.domain.communities import Channel
from commdesk.domain.enums import CommunityScope, MembershipRole
from commdesk.services.overlap import bridging, not_archived
from commdesk.services.tables import (
    ColumnKind,
    TableColumn,
    TableSpec,
    counted,
    enum_order,
    joined,
    parse_platforms,
    parse_roles,
    words_in_any,
)

_owner = Person.__table__.alias("owner")

COMMUNITIES = TableSpec(
    key="communities",
    source=sa.outerjoin(Community.__table__, _owner, Community.owner_id == _owner.c.id),
    row_id=Community.id,
    matching=words_in_any(Community.name, Community.purpose, _owner.c.name),
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Community.name, seekable=True),
        TableColumn(
            "scope",
            "Scope",
            Community.scope,
            kind=ColumnKind.ENUM,
            sort_by=(enum_order(Community.scope, list(CommunityScope)),),
        ),
        TableColumn(
            "members",
            "Members",
            counted(
                Membership.community_id == Community.id,
                Membership.left_on.is_(None),
                not_archived(Membership.person_id),
            ),
            kind=ColumnKind.NUMBER,
        ),
        TableColumn(
            "platforms",
            "Platforms",
            joined(Channel.platform, Channel.community_id == Community.id),
            kind=ColumnKind.ENUM_LIST,
            convert=parse_platforms,
        ),
        TableColumn("owner", "Owner", _owner.c.name),
        TableColumn("purpose", "Purpose", Community.purpose),
    ),
)


def _community_filter(community_id: int) -> sa.ColumnElement[bool]:
    return Membership.community_id == int(community_id)


_member_org = Organisation.__table__.alias("member_org")

# The members of one community (the "community" filter), with their role in it. The row id is
# the person's. Without the filter it would list every membership: views always set it.
COMMUNITY_MEMBERS = TableSpec(
    key="community_members",
    source=Membership.__table__.join(Person.__table__, Membership.person_id == Person.id).outerjoin(
        _member_org, Person.organisation_id == _member_org.c.id
    ),
    row_id=Person.id,
    unique_ids=False,  # one row per membership
    matching=words_in_any(Person.name, _member_org.c.name),
    default_sort="name",
    filters={"community": _community_filter},
    columns=(
        TableColumn("name", "Name", Person.name),
        TableColumn(
            "role",
            "Role",
            Membership.role,
            kind=ColumnKind.ENUM,
            sort_by=(enum_order(Membership.role, list(MembershipRole)), Person.name),
        ),
        TableColumn(
            "stakeholder",
            "Stakeholder roles",
            joined(PersonRole.role, PersonRole.person_id == Person.id),
            kind=ColumnKind.ENUM_LIST,
            convert=parse_roles,
        ),
        TableColumn("organisation", "Organisation", _member_org.c.name),
        TableColumn(
            "joined",
            "Joined",
            Membership.joined_on,
            kind=ColumnKind.DATE,
            sort_by=(Membership.joined_on.is_(None), Membership.joined_on),
        ),
        TableColumn(
            "left",
            "Left",
            Membership.left_on,
            kind=ColumnKind.DATE,
            sort_by=(Membership.left_on.is_(None), Membership.left_on),
        ),
    ),
)


def _pair_filter(pair: tuple[int, int]) -> sa.ColumnElement[bool]:
    first, second = pair
    return bridging(int(first), int(second))


# The people who bridge two communities (the "pair" filter: two community ids).
COMMUNITY_BRIDGES = TableSpec(
    key="community_bridges",
    source=Person.__table__.outerjoin(_member_org, Person.organisation_id == _member_org.c.id),
    row_id=Person.id,
    matching=words_in_any(Person.name, _member_org.c.name),
    default_sort="name",
    filters={"pair": _pair_filter},
    columns=(
        TableColumn("name", "Name", Person.name),
        TableColumn(
            "stakeholder",
            "Stakeholder roles",
            joined(PersonRole.role, PersonRole.person_id == Person.id),
            kind=ColumnKind.ENUM_LIST,
            convert=parse_roles,
        ),
        TableColumn("organisation", "Organisation", _member_org.c.name),
    ),
)
