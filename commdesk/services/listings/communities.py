"""The Communities table."""

from __future__ import annotations

import sqlalchemy as sa

from commdesk.domain import Community, Membership, Person
from commdesk.domain.communities import Channel
from commdesk.domain.enums import CommunityScope
from commdesk.services.tables import (
    ColumnKind,
    TableColumn,
    TableSpec,
    counted,
    enum_order,
    joined,
    parse_platforms,
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
            counted(Membership.community_id == Community.id, Membership.left_on.is_(None)),
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
