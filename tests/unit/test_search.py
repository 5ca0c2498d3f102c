"""The person_search FTS5 index: kept true by triggers for every writer, searched safely."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text

from commdesk.domain import Organisation
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, PersonDraft
from commdesk.store import Store
from commdesk.store.search import bulk_load, match_expression, searchable

IndexRow = tuple[str, frozenset[str], frozenset[str], str]


def index_rows(connection: Connection) -> dict[int, IndexRow]:
    """The index as stored: rowid -> (name, email words, handle words, organisation)."""
    rows = connection.execute(
        text("SELECT rowid, name, emails, handles, organisation FROM person_search")
    ).all()
    return {int(r[0]): (r[1], frozenset(r[2].split()), frozenset(r[3].split()), r[4]) for r in rows}


def expected_rows(connection: Connection) -> dict[int, IndexRow]:
    """The index as the tables say it should be."""
    people = connection.execute(
        text(
            "SELECT p.id, p.name, coalesce(o.name, '') FROM people AS p "
            "LEFT JOIN organisations AS o ON o.id = p.organisation_id"
        )
    ).all()
    emails = connection.execute(text("SELECT person_id, email FROM person_emails")).all()
    handles = connection.execute(text("SELECT person_id, handle FROM identities")).all()
    return {
        int(pid): (
            name,
            frozenset(e for owner, e in emails if owner == pid),
            frozenset(h for owner, h in handles if owner == pid),
            organisation,
        )
        for pid, name, organisation in people
    }


def assert_index_true(store: Store) -> None:
    with store.engine.connect() as connection:
        assert index_rows(connection) == expected_rows(connection)


def add_organisation(store: Store, name: str) -> int:
    with store.session() as session:
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
        return organisation.id


def sql(store: Store, statement: str, **params: object) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement), params)


def ids(results: Sequence[tuple[int, str]]) -> set[int]:
    return {pid for pid, _name in results}


@pytest.fixture
def people(store: Store) -> PeopleService:
    return PeopleService(store)


@pytest.fixture
def ada(store: Store, people: PeopleService) -> int:
    org = add_organisation(store, "Analytical Engines")
    return people.create(
        PersonDraft(
            name="Ada Lovelace",
            emails=("ada@engines.example", "countess@lovelace.example"),
            organisation_id=org,
            identities=(IdentityDraft("github", "enchantress42"),),
        )
    )


# --- the index follows the service --------------------------------------------------------


def test_create_indexes_name_emails_handles_and_organisation(
    store: Store, people: PeopleService, ada: int
) -> None:
    assert_index_true(store)
    for query in ("Lovelace", "ada lov", "engines.example", "countess@", "chantress4", "Analyt"):
        assert people.search(query) == [(ada, "Ada Lovelace")], query
    assert people.search("Babbage") == []


def test_update_refreshes_the_index(store: Store, people: PeopleService, ada: int) -> None:
    other_org = add_organisation(store, "Difference Works")
    people.update(
        ada,
        PersonDraft(
            name="Augusta King",
            emails=("augusta@works.example",),
            organisation_id=other_org,
            identities=(IdentityDraft("mastodon", "aking"),),
        ),
    )
    assert_index_true(store)
    for gone in ("Lovelace", "engines.example", "enchantress", "Analytical"):
        assert people.search(gone) == [], gone
    for found in ("Augusta", "works.example", "aking", "Difference"):
        assert people.search(found) == [(ada, "Augusta King")], found


def test_delete_removes_from_the_index(store: Store, people: PeopleService, ada: int) -> None:
    keep = people.create(PersonDraft(name="Charles Babbage", emails=("cb@engines.example",)))
    assert people.delete([ada]).count("people") == 1
    assert_index_true(store)
    assert people.search("Lovelace") == []
    assert people.search("engines.example") == [(keep, "Charles Babbage")]


def test_organisation_rename_reaches_every_member(
    store: Store, people: PeopleService, ada: int
) -> None:
    org = people.get(ada).organisation_id
    colleague = people.create(PersonDraft(name="Charles Babbage", organisation_id=org))
    with store.session() as session:
        organisation = session.get(Organisation, org)
        assert organisation is not None
        organisation.name = "Royal Society"
    assert_index_true(store)
    assert ids(people.search("Royal Soc")) == {ada, colleague}
    assert people.search("Analytical") == []


# --- the index follows raw SQL (importers, sync, hand edits) -----------------------------


def test_raw_sql_writes_keep_the_index_true(store: Store, people: PeopleService) -> None:
    sql(
        store,
        "INSERT INTO organisations(id, name, kind, created_at, updated_at) "
        "VALUES (1, 'Initech', 'company', 0, 0), (2, 'Globex', 'company', 0, 0)",
    )
    sql(
        store,
        "INSERT INTO people(id, name, organisation_id, consent, archived, created_at, "
        "updated_at) VALUES (10, 'Grace Hopper', 1, 0, 0, 0, 0), "
        "(11, 'Alan Turing', NULL, 0, 0, 0, 0)",
    )
    assert_index_true(store)
    assert people.search("Initech") == [(10, "Grace Hopper")]

    add_email = "INSERT INTO person_emails(person_id, email, position) VALUES ({}, '{}', 0)"
    steps = [
        add_email.format(10, "grace@navy.example"),
        add_email.format(11, "alan@bletchley.example"),
        "UPDATE person_emails SET email = 'hopper@cobol.example' WHERE person_id = 10",
        # An email moved to another person refreshes both of them.
        "UPDATE person_emails SET person_id = 11 WHERE email = 'hopper@cobol.example'",
        "INSERT INTO identities(person_id, platform, handle) VALUES (10, 'github', 'amazing')",
        "UPDATE identities SET handle = 'gracehopper' WHERE handle = 'amazing'",
        "UPDATE identities SET person_id = 11 WHERE handle = 'gracehopper'",
        "UPDATE people SET name = 'Rear Admiral Hopper' WHERE id = 10",
        "UPDATE people SET organisation_id = 2 WHERE id = 10",
        "UPDATE organisations SET name = 'Globex Corporation' WHERE id = 2",
        "DELETE FROM identities WHERE handle = 'gracehopper'",
        "DELETE FROM person_emails WHERE email = 'alan@bletchley.example'",
    ]
    for step in steps:
        sql(store, step)
        assert_index_true(store)

    assert people.search("cobol") == [(11, "Alan Turing")]
    assert people.search("Globex Corp") == [(10, "Rear Admiral Hopper")]
    assert people.search("gracehopper") == []
    assert people.search("bletchley") == []


def test_deleting_an_organisation_clears_it_from_the_index(
    store: Store, people: PeopleService, ada: int
) -> None:
    sql(store, "DELETE FROM organisations")  # people.organisation_id is SET NULL
    assert people.get(ada).organisation_id is None
    assert_index_true(store)
    assert people.search("Analytical") == []


def test_deleting_a_person_with_sql_cascades_out_of_the_index(
    store: Store, people: PeopleService, ada: int
) -> None:
    sql(store, "DELETE FROM people WHERE id = :id", id=ada)
    assert_index_true(store)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM person_search")).scalar() == 0
    assert people.search("engines") == []


# --- searching ----------------------------------------------------------------------------


@pytest.fixture
def crowd(people: PeopleService) -> dict[str, int]:
    names = [
        'Ana "The Hammer" Silva',
        "Zoë O'Neill",
        "Andrea Nearchou",
        "Sandra Ortiz",
        "a_b Underscore",
        "axb Lookalike",
        "100% Percent",
        "Adam Smith",
        "Brad Adams",
    ]
    return {name: people.create(PersonDraft(name=name)) for name in names}


def test_substring_search_is_literal_and_case_insensitive(
    people: PeopleService, crowd: dict[str, int]
) -> None:
    assert ids(people.search('"The')) == {crowd['Ana "The Hammer" Silva']}
    assert ids(people.search("O'Neill")) == {crowd["Zoë O'Neill"]}
    assert ids(people.search("zoë")) == {crowd["Zoë O'Neill"]}
    # FTS5 operators in the query are plain text.
    assert ids(people.search("NEAR")) == {crowd["Andrea Nearchou"]}
    assert ids(people.search("AND")) == {crowd["Andrea Nearchou"], crowd["Sandra Ortiz"]}
    assert ids(people.search("ham silva")) == {crowd['Ana "The Hammer" Silva']}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"""',
        'a"b',
        "'",
        "O'Ne",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(abc def)",
        "abc*",
        "*",
        "^abc",
        "name:ada",
        "{name emails}: ada",
        "(((",
        ")))",
        "a + b",
        "-abc",
        "abc OR def",
        "'); DROP TABLE people; --",
        "%",
        "%%%",
        "___",
        "\\",
        "\\\\\\",
        ":::",
        "\x00abc",
        "abc\x00def",
        "\u200b\u200b\u200b",
        "🙂🙂🙂",
    ],
)
def test_syntax_characters_never_raise(
    people: PeopleService, crowd: dict[str, int], query: str
) -> None:
    result = people.search(query)
    assert isinstance(result, list)
    assert len(result) <= len(crowd)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=30))
def test_any_text_searches_without_error(people: PeopleService, query: str) -> None:
    people.search(query)


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('say "hi" now') == '"say" AND """hi""" AND "now"'
    assert match_expression("  ") == ""
    assert searchable("abc def") and not searchable("abc de") and not searchable("   ")


def test_short_queries_fall_back_to_name_prefix(
    people: PeopleService, crowd: dict[str, int]
) -> None:
    assert ids(people.search("Ad")) == {crowd["Adam Smith"]}
    assert ids(people.search("ad")) == {crowd["Adam Smith"]}
    assert people.search("ms") == []  # a substring, not a prefix
    # LIKE wildcards in the query are literal.
    assert ids(people.search("a_")) == {crowd["a_b Underscore"]}
    assert ids(people.search("1%")) == set()
    assert ids(people.search("10")) == {crowd["100% Percent"]}
    # One short word makes the whole query a prefix of the name.
    assert ids(people.search("Adam S")) == {crowd["Adam Smith"]}
    assert people.search("") == []
    assert people.search("   ") == []


def test_search_respects_the_limit(people: PeopleService) -> None:
    for i in range(30):
        people.create(PersonDraft(name=f"Member {i:02d}"))
    assert len(people.search("Member")) == 20
    assert len(people.search("Member", limit=5)) == 5
    assert len(people.search("Me", limit=7)) == 7


# --- bulk loading -------------------------------------------------------------------------


def schema(connection: Connection) -> list[tuple[str, str, str, str | None]]:
    return [
        (r[0], r[1], r[2], r[3])
        for r in connection.execute(
            text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        ).all()
    ]


def triggers(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        ).scalars()
    )


def test_bulk_load_rebuilds_and_restores_the_triggers_exactly(
    store: Store, people: PeopleService, ada: int
) -> None:
    with store.engine.connect() as connection:
        before = schema(connection)
    # search and last activity; summaries (0008); saved rankings (0009); archived members (0012)
    assert len(triggers_of(before)) == 13 + 10 + 13 + 11

    with store.engine.begin() as connection, bulk_load(connection):
        assert triggers(connection) == []
        connection.execute(
            text(
                "INSERT INTO people(id, name, consent, archived, created_at, updated_at) "
                "VALUES (:id, :name, 0, 0, 0, 0)"
            ),
            [{"id": 100 + i, "name": f"Imported {i}"} for i in range(50)],
        )
        connection.execute(
            text("INSERT INTO person_emails(person_id, email, position) VALUES (:p, :e, 0)"),
            [{"p": 100 + i, "e": f"imported{i}@bulk.example"} for i in range(50)],
        )
        connection.execute(
            text(
                "INSERT INTO activities(person_id, occurred_at, platform, kind, source) "
                "VALUES (:p, :t, 'github', 'post', 'import')"
            ),
            [{"p": 100 + i % 10, "t": 1_700_000_000 + i} for i in range(40)],
        )
        # Nothing is maintained while the triggers are away.
        assert connection.execute(text("SELECT count(*) FROM person_search")).scalar() == 1

    with store.engine.connect() as connection:
        assert schema(connection) == before
        assert index_rows(connection) == expected_rows(connection)
        latest: dict[int, int] = dict(
            connection.execute(
                text("SELECT id, last_activity_at FROM people WHERE id BETWEEN 100 AND 109")
            ).all()
        )
    assert latest == {100 + p: 1_700_000_000 + 30 + p for p in range(10)}
    assert ids(people.search("bulk.example", limit=100)) == set(range(100, 150))
    assert people.search("Imported 7") == [(107, "Imported 7")]

    # The restored triggers work again.
    sql(store, "UPDATE people SET name = 'Renamed Later' WHERE id = 100")
    assert people.search("Renamed") == [(100, "Renamed Later")]


def triggers_of(entries: list[tuple[str, str, str, str | None]]) -> list[str]:
    return [name for kind, name, _table, _sql in entries if kind == "trigger"]


def test_bulk_load_recomputes_last_activity_of_people_who_lost_theirs(
    store: Store, ada: int
) -> None:
    sql(
        store,
        "INSERT INTO activities(person_id, occurred_at, platform, kind, source) "
        "VALUES (:p, 1700000000, 'email', 'email', 'manual')",
        p=ada,
    )
    with store.engine.begin() as connection, bulk_load(connection):
        connection.execute(text("DELETE FROM activities"))
    with store.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT last_activity_at FROM people WHERE id = :p"), {"p": ada}
            ).scalar()
            is None
        )


def test_bulk_load_is_all_or_nothing(store: Store, people: PeopleService, ada: int) -> None:
    with store.engine.connect() as connection:
        before = schema(connection)

    class ImportFailed(Exception):
        pass

    with pytest.raises(ImportFailed), store.engine.begin() as connection, bulk_load(connection):
        connection.execute(
            text(
                "INSERT INTO people(name, consent, archived, created_at, updated_at) "
                "VALUES ('Half Imported', 0, 0, 0, 0)"
            )
        )
        raise ImportFailed

    with store.engine.connect() as connection:
        assert schema(connection) == before
    assert people.count() == 1
    people.create(PersonDraft(name="After The Failure"))
    assert_index_true(store)
