"""OrganisationService against a real SQLite file: CRUD, email domains, validation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.domain.enums import OrganisationKind
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.records import OrganisationDraft, PersonDraft
from commdesk.store import Store


@pytest.fixture
def organisations(store: Store) -> OrganisationService:
    return OrganisationService(store)


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Run ``call`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_create_get_update_delete(store: Store, organisations: OrganisationService) -> None:
    org = organisations.create(
        OrganisationDraft(
            name="  Acme Ltd ",
            kind="Public body",
            website=" https://acme.example ",
            domains=("@Acme.example", "acme.example", " mail.acme.example "),
        )
    )
    record = organisations.get(org)
    assert record.name == "Acme Ltd"
    assert record.kind is OrganisationKind.PUBLIC_BODY
    assert record.website == "https://acme.example"
    assert record.domains == ("acme.example", "mail.acme.example")
    assert record.people == 0

    organisations.update(
        org, OrganisationDraft(name="Acme", kind=OrganisationKind.NONPROFIT, domains=("acme.org",))
    )
    record = organisations.get(org)
    assert (record.name, record.kind, record.website, record.domains) == (
        "Acme",
        OrganisationKind.NONPROFIT,
        None,
        ("acme.org",),
    )
    assert organisations.find_by_name(" Acme ") == org
    assert organisations.find_by_domain("ACME.org") == org
    assert organisations.find_by_domain("acme.example") is None  # the old domain is gone

    organisations.delete(org)
    with pytest.raises(NotFoundError):
        organisations.get(org)
    with pytest.raises(NotFoundError):
        organisations.delete(org)
    with pytest.raises(NotFoundError):
        organisations.update(org, OrganisationDraft(name="Back"))
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM organisation_domains")).scalar() == 0


def test_people_are_counted_and_survive_their_organisation(
    store: Store, organisations: OrganisationService
) -> None:
    people = PeopleService(store)
    org = organisations.create(OrganisationDraft(name="Acme"))
    ann = people.create(PersonDraft(name="Ann", organisation_id=org))
    people.create(PersonDraft(name="Bob", organisation_id=org))
    people.create(PersonDraft(name="Cy"))
    assert organisations.get(org).people == 2
    assert people.get(ann).organisation == "Acme"
    assert people.search("Acme") != []  # the organisation's name is searchable on its people

    organisations.update(org, OrganisationDraft(name="Globex"))
    assert people.get(ann).organisation == "Globex"
    assert [pid for pid, _ in people.search("Globex")] != []

    organisations.delete(org)
    record = people.get(ann)
    assert (record.organisation_id, record.organisation) == (None, None)
    assert people.count() == 3


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (OrganisationDraft(name="  "), "name"),
        (OrganisationDraft(name="X", kind="cartel"), "kind"),
        (OrganisationDraft(name="X", website="acme.example"), "website"),
        (OrganisationDraft(name="X", domains=("localhost",)), "email domains"),
        (OrganisationDraft(name="X", domains=("acme example.org",)), "email domains"),
    ],
)
def test_invalid_fields_are_refused_by_name(
    organisations: OrganisationService, draft: OrganisationDraft, field: str
) -> None:
    assert refused(organisations.create, draft).field == field
    assert organisations.find_by_name("X") is None


def test_names_and_domains_are_unique(organisations: OrganisationService) -> None:
    acme = organisations.create(OrganisationDraft(name="Acme", domains=("acme.example",)))
    assert refused(organisations.create, OrganisationDraft(name=" Acme ")).field == "name"
    error = refused(
        organisations.create, OrganisationDraft(name="Other", domains=("ACME.example",))
    )
    assert error.field == "email domains"
    assert organisations.find_by_name("Other") is None
    # Renaming to itself and keeping its own domain is fine.
    organisations.update(acme, OrganisationDraft(name="Acme", domains=("acme.example",)))
    assert organisations.get(acme).domains == ("acme.example",)


def test_refused_update_leaves_the_record_unchanged(organisations: OrganisationService) -> None:
    organisations.create(OrganisationDraft(name="Globex", domains=("globex.example",)))
    acme = organisations.create(
        OrganisationDraft(name="Acme", website="https://acme.example", domains=("acme.example",))
    )
    before = organisations.get(acme)
    # A valid new name and website, but a domain that belongs to Globex.
    error = refused(
        organisations.update,
        acme,
        OrganisationDraft(
            name="Acme Corp", website="https://acme.example/new", domains=("globex.example",)
        ),
    )
    assert error.field == "email domains"
    assert organisations.get(acme) == before
    assert organisations.find_by_name("Acme Corp") is None


def test_an_organisation_may_be_called_dash(organisations: OrganisationService) -> None:
    org = organisations.create(OrganisationDraft(name="-"))
    assert organisations.get(org).name == "-"


def test_schema_refuses_bad_rows(store: Store, organisations: OrganisationService) -> None:
    org = organisations.create(OrganisationDraft(name="Acme", domains=("acme.example",)))
    statements = [
        "INSERT INTO organisations (name, kind, created_at, updated_at) "
        "VALUES ('Other', 'cartel', 0, 0)",
        "INSERT INTO organisations (name, kind, created_at, updated_at) "
        "VALUES ('Acme', 'company', 0, 0)",
        f"INSERT INTO organisation_domains (organisation_id, domain) VALUES ({org}, 'acme.example')",
        "INSERT INTO organisation_domains (organisation_id, domain) VALUES (999, 'x.example')",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert organisations.get(org).domains == ("acme.example",)
