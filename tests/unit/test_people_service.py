"""PeopleService against a real SQLite file: CRUD, roles, identities, validation, cascades."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    CommunityDraft,
    IdentityDraft,
    OrganisationDraft,
    PersonDraft,
    PlanDraft,
    PlanItemDraft,
)
from commdesk.store import Store

# Every table that holds something of a person (all cleared when the person is deleted).
PERSON_TABLES = (
    "person_roles",
    "person_emails",
    "identities",
    "memberships",
    "activities",
    "person_tags",
)


@pytest.fixture
def people(store: Store) -> PeopleService:
    return PeopleService(store)


def count_rows(store: Store, table: str, where: str = "1=1") -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()
        )


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Run ``call`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- create / read / update / delete ----------------------------------------------------------


def test_create_and_get_round_trip_every_field(store: Store, people: PeopleService) -> None:
    organisation = OrganisationService(store).create(OrganisationDraft(name="Acme"))
    person_id = people.create(
        PersonDraft(
            name="  Ann Lee ",
            emails=("Ann@Example.org", "ann.lee@home.example", "ann@example.org"),
            phone=" +44 20 7946 0000 ",
            job_title="Head of Community",
            department="Marketing",
            location="Leeds",
            notes="Met at the spring meetup.",
            organisation_id=organisation,
            consent=True,
            consent_on=date(2025, 4, 1),
            consent_source="signup form",
            roles=("customer",),
            identities=(
                IdentityDraft("github", "annlee", "https://github.com/annlee"),
                IdentityDraft(Platform.MASTODON, "@ann@social.example"),
            ),
            tags=("speaker", "beta"),
        )
    )
    record = people.get(person_id)
    assert record.id == person_id
    assert record.name == "Ann Lee"
    assert record.emails == ("ann@example.org", "ann.lee@home.example")  # lowered, folded
    assert record.phone == "+44 20 7946 0000"
    assert (record.job_title, record.department, record.location) == (
        "Head of Community",
        "Marketing",
        "Leeds",
    )
    assert record.notes == "Met at the spring meetup."
    assert (record.organisation_id, record.organisation) == (organisation, "Acme")
    assert (record.consent, record.consent_on, record.consent_source) == (
        True,
        date(2025, 4, 1),
        "signup form",
    )
    assert record.roles == (StakeholderRole.CUSTOMER,)
    assert set(record.identities) == {
        IdentityDraft(Platform.GITHUB, "annlee", "https://github.com/annlee"),
        IdentityDraft(Platform.MASTODON, "@ann@social.example", None),
    }
    assert record.tags == ("beta", "speaker")
    assert record.archived is False
    assert record.last_activity_at is None
    assert record.created_at.tzinfo is not None
    assert record.updated_at >= record.created_at


def test_as_draft_round_trips_through_update(people: PeopleService) -> None:
    person_id = people.create(
        PersonDraft(
            name="Bo",
            emails=("bo@example.org",),
            roles=("partner", "supplier"),
            identities=(IdentityDraft("discourse", "bo"),),
            tags=("x",),
        )
    )
    before = people.get(person_id)
    people.update(person_id, before.as_draft())
    after = people.get(person_id)
    assert after.as_draft() == before.as_draft()


def test_update_replaces_fields(people: PeopleService) -> None:
    person_id = people.create(
        PersonDraft(
            name="Cy",
            emails=("cy@old.example", "cy@keep.example"),
            phone="1",
            roles=("customer",),
            identities=(IdentityDraft("github", "cy-old"),),
            tags=("old",),
        )
    )
    people.update(
        person_id,
        PersonDraft(
            name="Cy Young",
            emails=("cy@keep.example", "cy@new.example"),
            roles=("partner",),
            identities=(IdentityDraft("github", "cy-new"),),
            tags=("new",),
        ),
    )
    record = people.get(person_id)
    assert record.name == "Cy Young"
    assert record.emails == ("cy@keep.example", "cy@new.example")
    assert record.phone is None
    assert record.roles == (StakeholderRole.PARTNER,)
    assert record.identities == (IdentityDraft(Platform.GITHUB, "cy-new"),)
    assert record.tags == ("new",)
    assert count_rows(people.store, "person_emails") == 2
    assert count_rows(people.store, "identities") == 1
    assert count_rows(people.store, "person_roles") == 1


def test_delete_and_not_found(people: PeopleService) -> None:
    keep = people.create(PersonDraft(name="Keep"))
    gone = people.create(PersonDraft(name="Gone"))
    assert people.delete([gone, 999_999]).count("people") == 1
    assert people.delete([gone]).count("people") == 0
    with pytest.raises(NotFoundError):
        people.get(gone)
    with pytest.raises(NotFoundError):
        people.update(gone, PersonDraft(name="Back"))
    assert people.get(keep).name == "Keep"
    assert people.count() == 1


def test_archive_hides_from_count(people: PeopleService) -> None:
    ids = [people.create(PersonDraft(name=f"P{n}")) for n in range(3)]
    assert people.set_archived(ids[:2]) == 2
    assert people.count() == 1
    assert people.count(include_archived=True) == 3
    assert people.get(ids[0]).archived is True
    assert people.set_archived([ids[0]], archived=False) == 1
    assert people.count() == 2


# --- roles ----------------------------------------------------------------------------------


def test_a_person_holds_several_roles_at_once(store: Store, people: PeopleService) -> None:
    person_id = people.create(
        PersonDraft(name="Dee", roles=("Employee", StakeholderRole.SHAREHOLDER, "employee"))
    )
    assert set(people.get(person_id).roles) == {
        StakeholderRole.EMPLOYEE,
        StakeholderRole.SHAREHOLDER,
    }
    assert count_rows(store, "person_roles", f"person_id = {person_id}") == 2

    draft = people.get(person_id).as_draft()
    people.update(
        person_id,
        PersonDraft(name=draft.name, roles=("shareholder", "customer", "supplier")),
    )
    assert set(people.get(person_id).roles) == {
        StakeholderRole.SHAREHOLDER,
        StakeholderRole.CUSTOMER,
        StakeholderRole.SUPPLIER,
    }


def test_unknown_role_is_refused_naming_roles(people: PeopleService) -> None:
    error = refused(people.create, PersonDraft(name="Eve", roles=("employee", "overlord")))
    assert error.field == "roles"
    assert "overlord" in error.message
    assert people.count() == 0


# --- identities -----------------------------------------------------------------------------


def test_identity_is_unique_per_platform_across_people(people: PeopleService) -> None:
    ann = people.create(PersonDraft(name="Ann", identities=(IdentityDraft("github", "ann"),)))
    error = refused(
        people.create, PersonDraft(name="Impostor", identities=(IdentityDraft("GitHub", " ann "),))
    )
    assert error.field == "identities"
    assert "ann" in error.message
    assert people.count() == 1

    # The same handle on another platform is somebody else's.
    bob = people.create(PersonDraft(name="Bob", identities=(IdentityDraft("mastodon", "ann"),)))
    assert people.find_by_identity("github", "ann") == ann
    assert people.find_by_identity(Platform.MASTODON, "ann") == bob
    assert people.find_by_identity("github", "nobody") is None

    # Once Ann lets the handle go, Bob may take it.
    people.update(ann, PersonDraft(name="Ann"))
    people.update(
        bob,
        PersonDraft(
            name="Bob",
            identities=(IdentityDraft("mastodon", "ann"), IdentityDraft("github", "ann")),
        ),
    )
    assert people.find_by_identity("github", "ann") == bob


def test_keeping_ones_own_identity_on_update_is_allowed(people: PeopleService) -> None:
    person_id = people.create(PersonDraft(name="Al", identities=(IdentityDraft("slack", "al"),)))
    people.update(
        person_id,
        PersonDraft(name="Al", identities=(IdentityDraft("slack", "al", "https://x.example/al"),)),
    )
    assert people.get(person_id).identities == (
        IdentityDraft(Platform.SLACK, "al", "https://x.example/al"),
    )


@pytest.mark.parametrize(
    "identities",
    [
        (IdentityDraft("github", "ann"), IdentityDraft("github", "ann")),
        (IdentityDraft("github", "ann"), IdentityDraft("GitHub", "  ann ")),
    ],
)
def test_duplicate_identity_within_one_draft_is_refused(
    people: PeopleService, identities: tuple[IdentityDraft, ...]
) -> None:
    error = refused(people.create, PersonDraft(name="Ann", identities=identities))
    assert error.field == "identities"
    assert "twice" in error.message
    assert people.count() == 0


def test_identity_fields_are_validated(people: PeopleService) -> None:
    assert (
        refused(people.create, PersonDraft(name="X", identities=(IdentityDraft("myspace", "x"),)))
    ).field == "identity platform"
    assert (
        refused(people.create, PersonDraft(name="X", identities=(IdentityDraft("github", " "),)))
    ).field == "identity handle"
    assert (
        refused(
            people.create,
            PersonDraft(name="X", identities=(IdentityDraft("github", "x", "not a url"),)),
        )
    ).field == "identity profile URL"
    assert people.count() == 0


# --- other field validation -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_name_is_refused_naming_name(people: PeopleService, name: str) -> None:
    error = refused(people.create, PersonDraft(name=name))
    assert error.field == "name"
    assert people.count(include_archived=True) == 0


def test_too_long_name_is_refused(people: PeopleService) -> None:
    assert people.create(PersonDraft(name="n" * 200)) > 0
    assert refused(people.create, PersonDraft(name="n" * 201)).field == "name"


@pytest.mark.parametrize("address", ["ann", "ann@example", "ann at example.org", "@example.org"])
def test_invalid_email_is_refused_naming_email(people: PeopleService, address: str) -> None:
    error = refused(people.create, PersonDraft(name="Ann", emails=("ok@example.org", address)))
    assert error.field == "email"
    assert people.count() == 0


def test_blank_email_entries_are_ignored(people: PeopleService) -> None:
    person_id = people.create(PersonDraft(name="Ann", emails=("", "  ", "a@example.org")))
    assert people.get(person_id).emails == ("a@example.org",)


def test_unknown_organisation_is_refused(people: PeopleService) -> None:
    assert refused(people.create, PersonDraft(name="Ann", organisation_id=42)).field == (
        "organisation"
    )


def test_a_refused_create_writes_nothing(store: Store, people: PeopleService) -> None:
    # Emails, roles and identities are attached before the bad tag is reached.
    draft = PersonDraft(
        name="Ann",
        emails=("a@example.org",),
        roles=("employee",),
        identities=(IdentityDraft("github", "ann"),),
        tags=("fine", "   "),
    )
    assert refused(people.create, draft).field == "tags"
    for table in ("people", "tags", "person_search", *PERSON_TABLES):
        assert count_rows(store, table) == 0, table


# --- nothing half-written ---------------------------------------------------------------------


def test_refused_update_leaves_the_record_unchanged(people: PeopleService) -> None:
    ann = people.create(PersonDraft(name="Ann", identities=(IdentityDraft("github", "ann"),)))
    bob = people.create(
        PersonDraft(
            name="Bob",
            emails=("bob@example.org",),
            roles=("customer",),
            identities=(IdentityDraft("github", "bob"),),
            tags=("old",),
        )
    )
    before = people.get(bob)

    # A valid new name, emails, roles and tags, but somebody else's identity.
    error = refused(
        people.update,
        bob,
        PersonDraft(
            name="Robert",
            emails=("robert@example.org",),
            roles=("shareholder",),
            identities=(IdentityDraft("github", "bob"), IdentityDraft("github", "ann")),
            tags=("new",),
        ),
    )
    assert error.field == "identities"
    assert people.get(bob) == before
    assert people.get(ann).identities == (IdentityDraft(Platform.GITHUB, "ann"),)
    assert people.search("Robert") == []
    assert people.find_by_email("robert@example.org") == []


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (PersonDraft(name="New name", emails=("broken",)), "email"),
        (PersonDraft(name="New name", roles=("king",)), "roles"),
        (PersonDraft(name="New name", phone="1" * 51), "phone"),
        (PersonDraft(name="   ", notes="new notes"), "name"),
    ],
)
def test_refused_update_for_any_field_changes_nothing(
    people: PeopleService, draft: PersonDraft, field: str
) -> None:
    person_id = people.create(PersonDraft(name="Old name", notes="old", roles=("employee",)))
    before = people.get(person_id)
    assert refused(people.update, person_id, draft).field == field
    assert people.get(person_id) == before


# --- tags -----------------------------------------------------------------------------------


def test_tags_are_shared_and_deduplicated(store: Store, people: PeopleService) -> None:
    ann = people.create(PersonDraft(name="Ann", tags=("python", " python ", "speaker", "python")))
    bob = people.create(PersonDraft(name="Bob", tags=("python",)))
    assert people.get(ann).tags == ("python", "speaker")
    assert people.get(bob).tags == ("python",)
    assert count_rows(store, "tags") == 2
    assert count_rows(store, "person_tags") == 3

    people.update(ann, PersonDraft(name="Ann", tags=("speaker",)))
    assert people.get(bob).tags == ("python",)  # Bob's link is untouched
    assert count_rows(store, "tags") == 2


# --- lookups --------------------------------------------------------------------------------


def test_find_by_email_and_search(people: PeopleService) -> None:
    ann = people.create(PersonDraft(name="Annabel Lee", emails=("annabel@poems.example",)))
    people.create(PersonDraft(name="Bob Marley", emails=("bob@music.example",)))
    assert people.find_by_email(" Annabel@Poems.Example ") == [ann]
    assert people.find_by_email("nobody@example.org") == []
    assert people.search("annabel") == [(ann, "Annabel Lee")]
    assert people.search("poems") == [(ann, "Annabel Lee")]  # by email too
    assert people.search("An") == [(ann, "Annabel Lee")]  # short: name prefix
    assert people.search("   ") == []


# --- schema constraints hold even against raw SQL ---------------------------------------------

_PERSON = (
    "INSERT INTO people (name, consent, archived, created_at, updated_at) "
    "VALUES (:name, 0, 0, 0, 0)"
)


@pytest.mark.parametrize("name", ["", "   "])
def test_schema_refuses_an_empty_name(store: Store, name: str) -> None:
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(_PERSON), {"name": name})
    assert count_rows(store, "people") == 0


@pytest.mark.parametrize(
    ("statement", "what"),
    [
        ("INSERT INTO person_roles (person_id, role) VALUES (:id, 'overlord')", "bad enum"),
        (
            "INSERT INTO identities (person_id, platform, handle) VALUES (:id, 'myspace', 'x')",
            "bad enum",
        ),
        ("INSERT INTO person_roles (person_id, role) VALUES (:id + 1, 'employee')", "foreign key"),
        (
            "INSERT INTO person_emails (person_id, email, position) VALUES (:id + 1, 'a@b.c', 0)",
            "foreign key",
        ),
        (
            "INSERT INTO identities (person_id, platform, handle) VALUES (:id, 'github', 'taken')",
            "unique identity",
        ),
        ("UPDATE people SET organisation_id = 42 WHERE id = :id", "foreign key"),
        ("UPDATE people SET name = ' ' WHERE id = :id", "empty name"),
    ],
)
def test_schema_refuses_bad_rows(
    store: Store, people: PeopleService, statement: str, what: str
) -> None:
    person_id = people.create(
        PersonDraft(name="Ann", identities=(IdentityDraft("github", "taken"),))
    )
    before = people.get(person_id)
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(statement), {"id": person_id})
    assert people.get(person_id) == before, what


def test_deleting_a_person_cascades_and_nulls_owners(store: Store, people: PeopleService) -> None:
    communities = CommunityService(store)
    plans = PlanService(store)
    ann = people.create(
        PersonDraft(
            name="Ann",
            emails=("ann@example.org",),
            roles=("employee", "shareholder"),
            identities=(IdentityDraft("github", "ann"),),
            tags=("core",),
        )
    )
    bob = people.create(
        PersonDraft(name="Bob", emails=("bob@example.org",), roles=("customer",), tags=("core",))
    )
    forum = communities.create(CommunityDraft(name="Forum", owner_id=ann))
    communities.add_member(forum, ann, "moderator")
    communities.add_member(forum, bob)
    plan = plans.create(PlanDraft(name="Launch", owner_id=ann))
    item = plans.add_item(plan, PlanItemDraft(title="Kick-off", owner_id=ann))
    activity = ActivityService(store)
    for n in range(3):
        activity.log(ActivityDraft(ann, datetime(2025, 1, 1 + n, tzinfo=UTC), "github", "comment"))
    activity.log(ActivityDraft(bob, datetime(2025, 1, 1, tzinfo=UTC), "github", "comment"))

    # Last changed a day ago: the undo must not stamp the rows it gives their owner back.
    with store.engine.begin() as connection:
        for table in ("communities", "plans", "plan_items"):
            connection.execute(text(f"UPDATE {table} SET updated_at = updated_at - 86400"))
    before = dump(store)
    snapshot = people.delete([ann])
    assert snapshot.count("people") == 1
    assert snapshot.count("activities") == 3

    for table in PERSON_TABLES:
        assert count_rows(store, table, f"person_id = {ann}") == 0, table
    # Bob keeps everything of his.
    assert count_rows(store, "person_roles", f"person_id = {bob}") == 1
    assert count_rows(store, "person_emails", f"person_id = {bob}") == 1
    assert count_rows(store, "memberships", f"person_id = {bob}") == 1
    assert count_rows(store, "activities", f"person_id = {bob}") == 1
    assert people.get(bob).tags == ("core",)
    # What Ann owned stays, without an owner.
    assert plans.get_item(item).owner_id is None
    assert plans.get(plan).owner_id is None
    assert communities.get(forum).owner_id is None
    assert communities.get(forum).members == 1
    assert people.search("Ann") == []
    with store.engine.connect() as connection:
        faults = connection.execute(text("PRAGMA foreign_key_check")).all()
    assert faults == []

    # Undo puts every row back as it was, owners and search index included.
    people.restore(snapshot)
    assert dump(store) == before
    assert people.search("Ann") == [(ann, "Ann")]
    assert plans.get_item(item).owner_id == ann


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, the search index included, in a stable order."""
    with store.engine.connect() as connection:
        names = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'person_search_%' "
                    # Counts changes (a delete and its undo are two), not data.
                    "AND name != 'data_generations'"
                )
            )
        ]
        return {
            name: sorted(connection.execute(text(f'SELECT * FROM "{name}"')).all(), key=repr)
            for name in names
        }


# --- property: any text survives the round trip -------------------------------------------------

# NUL is left out: SQLite's text functions stop at it, so the services refuse it (test below).
_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
_SPACE = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u3000", "\u2003"])
_PADDING = st.lists(_SPACE, max_size=3).map("".join)


@st.composite
def padded_names(draw: st.DrawFn) -> str:
    core = draw(
        st.text(_CHARACTERS, min_size=1, max_size=200).filter(lambda s: s.strip() == s != "")
    )
    return draw(_PADDING) + core + draw(_PADDING)


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(name=padded_names(), notes=st.none() | st.text(_CHARACTERS, max_size=2000))
def test_any_unicode_name_and_notes_round_trip(
    people: PeopleService, name: str, notes: str | None
) -> None:
    person_id = people.create(PersonDraft(name=name, notes=notes))
    record = people.get(person_id)
    assert record.name == name.strip()
    assert record.notes == ((notes or "").strip() or None)
    # An update with what was read back changes nothing.
    people.update(person_id, record.as_draft())
    assert people.get(person_id).name == record.name
    assert people.get(person_id).notes == record.notes


@pytest.mark.parametrize("text_with_nul", ["\x00Ann", "Ann\x00Lee"])
def test_nul_is_refused_naming_the_field(people: PeopleService, text_with_nul: str) -> None:
    assert refused(people.create, PersonDraft(name=text_with_nul)).field == "name"
    assert refused(people.create, PersonDraft(name="Ann", notes=text_with_nul)).field == "notes"
    assert people.count() == 0
