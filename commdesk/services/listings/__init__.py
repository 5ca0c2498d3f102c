"""One module per table a section shows: which columns, how they sort and filter.

Each module defines one :class:`~commdesk.services.tables.TableSpec`; ``SPECS`` finds any of
them by key.
"""

from __future__ import annotations

from collections.abc import Mapping

from commdesk.services.listings.accounts import ACCOUNTS
from commdesk.services.listings.activities import ACTIVITIES
from commdesk.services.listings.communities import COMMUNITIES
from commdesk.services.listings.organisations import ORGANISATIONS
from commdesk.services.listings.people import PEOPLE
from commdesk.services.listings.plan_items import PLAN_ITEMS
from commdesk.services.tables import TableSpec

SPECS: Mapping[str, TableSpec] = {
    s.key: s for s in (PEOPLE, ORGANISATIONS, COMMUNITIES, PLAN_ITEMS, ACTIVITIES, ACCOUNTS)
}

__all__ = [
    "ACCOUNTS",
    "ACTIVITIES",
    "COMMUNITIES",
    "ORGANISATIONS",
    "PEOPLE",
    "PLAN_ITEMS",
    "SPECS",
]
