"""The Organisations table and the people affiliated to one organisation."""

from __future__ import annotations

import sqlalchemy as sa

from commdesk.domain import Organisation, OrganisationDomain, Person
from commdesk.services.listings import people as people_listing
from commdesk.services.tables import (
    ColumnKind,
    TableColumn,
    TableSpec,
    counted,
    joined,
    words_in_any,
)

ORGANISATIONS = TableSpec(
    key="organisations",
    source=Organisation.__table__,
    row_id=Organisation.id,
    matching=words_in_any(Organisation.name, Organisation.website),
    default_sort="name",
    columns=(
        TableColumn("name", "Name", Organisation.name, seekable=True),
        TableColumn("kind", "Kind", Organisation.kind, kind=ColumnKind.ENUM),
        TableColumn(
            "people",
            "People",
            counted(Person.organisation_id == Organisation.id, Person.archived.is_not(True)),
            kind=ColumnKind.NUMBER,
        ),
        TableColumn(
            "domains",
            "Email domains",
            joined(
                OrganisationDomain.domain,
                OrganisationDomain.organisation_id == Organisation.id,
                separator=", ",
            ),
        ),
        TableColumn("website", "Website", Organisation.website),
    ),
)


def _organisation_filter(organisation_id: int) -> sa.ColumnElement[bool]:
    return Person.organisation_id == int(organisation_id)


# The people affiliated to one organisation (the "organisation" filter); archived people are
# left out, as in the People table and the organisation's count.
ORGANISATION_PEOPLE = TableSpec(
    key="organisation_people",
    source=Person.__table__,
    row_id=Person.id,
    where=Person.archived.is_not(True),
    matching=words_in_any(Person.name, Person.job_title),
    default_sort="name",
    filters={"organisation": _organisation_filter},
    columns=(
        TableColumn("name", "Name", Person.name),
        TableColumn("job_title", "Job title", Person.job_title),
        people_listing.ROLES,
        people_listing.EMAIL,
        people_listing.LAST_ACTIVITY,
    ),
)
