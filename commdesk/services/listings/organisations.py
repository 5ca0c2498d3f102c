"""The Organisations table."""

from __future__ import annotations

from commdesk.domain import Organisation, OrganisationDomain, Person
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
