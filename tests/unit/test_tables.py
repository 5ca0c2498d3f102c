"""The SQL-paged tables against a real SQLite file: counts, pages, sorting, filters, plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from commdesk.domain.enums import (
    ActivityKind,
    CommunityScope,
    ItemStatus,
    OrganisationKind,
    Phase,
    Platform,
    StakeholderRole,
)
from commdesk.services import overview, tables
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.listings import PEOPLE, PLAN_ITEMS, SPECS
from commdesk.services.listings.people import ARCHIVED
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    ChannelDraft,
    CommunityDraft,
    OrganisationDraft,
    PersonDraft,
    PlanDraft,
    PlanItemDraft,
)
from commdesk.services.tables import TableService
from commdesk.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class World:
    store: Store
    people: dict[str, int]
    organisations: dict[str, int]
    communities: dict[str, int]
    plan: int


@pytest.fixture
def world(store: Store) -> World:
    orgs = OrganisationService(store)
    acme = orgs.create(
        OrganisationDraft("Acme Corp", OrganisationKind.COMPANY, domains=("acme.io",))
    )
    wild = orgs.create(OrganisationDraft("Wildlife Trust", OrganisationKind.NONPROFIT))

    service = PeopleService(store)
    people = {
        "ada": service.create(
            PersonDraft(
                "Ada Lovelace",
                emails=("ada@acme.io", "countess@example.org"),
                organisation_id=acme,
                roles=(StakeholderRole.PARTNER, StakeholderRole.EMPLOYEE),
            )
        ),
        "bob": service.create(
            PersonDraft("Bob Marley", emails=("bob@wild.org",), organisation_id=wild)
        ),
        "cy": service.create(PersonDraft("Cy Twombly", roles=(StakeholderRole.CUSTOMER,))),
        "dee": service.create(
            PersonDraft("Dee O'Brien", emails=("dee@acme.io",), organisation_id=acme)
        ),
        "eve": service.create(PersonDraft("Eve 100% Real", organisation_id=wild)),
        "zed": service.create(PersonDraft("Zed Archived")),
    }
    service.set_archived([people["zed"]])

    communities = CommunityService(store)
    makers = communities.create(
        CommunityDraft(
            "Makers",
            scope=CommunityScope.EXTERNAL,
            owner_id=people["ada"],
            channels=(ChannelDraft(Platform.DISCOURSE, "https://forum.example.org"),),
        )
    )
    staff = communities.create(CommunityDraft("Staff club", scope=CommunityScope.INTERNAL))
    communities.add_member(makers, people["ada"])
    communities.add_member(makers, people["bob"])

    activity = ActivityService(store)
    for who, days_ago in (("ada", 2), ("ada", 40), ("bob", 10), ("cy", 90)):
        activity.log(
            ActivityDraft(
                person_id=people[who],
                occurred_at=NOW - timedelta(days=days_ago),
                platform=Platform.DISCOURSE,
                kind=ActivityKind.POST,
                community_id=makers,
                title=f"post by {who} {days_ago} days ago",
            )
        )

    plans = PlanService(store)
    plan = plans.create(PlanDraft("Launch 2027"))
    for title, phase, status, due in (
        ("Grow the champions", Phase.GROW, ItemStatus.IDEA, None),
        ("Internal policy", Phase.INTERNAL, ItemStatus.DONE, date(2027, 1, 10)),
        ("Staff training", Phase.INTERNAL, ItemStatus.IN_PROGRESS, date(2027, 2, 1)),
        ("Meetup series", Phase.EXTERNAL, ItemStatus.PLANNED, date(2027, 3, 1)),
        ("One calendar", Phase.HARMONISE, ItemStatus.CANCELLED, None),
    ):
        plans.add_item(plan, PlanItemDraft(title, phase=phase, status=status, due_on=due))
    return World(
        store, people, {"acme": acme, "wild": wild}, {"makers": makers, "staff": staff}, plan
    )


@pytest.fixture
def service(world: World) -> TableService:
    return TableService(world.store)


def names(rows: list[tables.Row]) -> list[str]:
    return [row[1] for row in rows]


def test_people_page_has_every_column_converted(service: TableService, world: World) -> None:
    rows = service.page(PEOPLE)
    assert names(rows) == [
        "Ada Lovelace",
        "Bob Marley",
        "Cy Twombly",
        "Dee O'Brien",
        "Eve 100% Real",
    ]
    ada = rows[0]
    assert ada[0] == world.people["ada"]
    assert ada[1:4] == (
        "Ada Lovelace",
        "Acme Corp",
        (StakeholderRole.EMPLOYEE, StakeholderRole.PARTNER),
    )
    assert ada[4] == "ada@acme.io"  # the first address, not the alphabetically first
    assert ada[5] == NOW - timedelta(days=2)
    assert ada[5].tzinfo is not None
    assert rows[2][2] is None and rows[2][4] is None and rows[4][5] is None


def test_count_excludes_archived_people(service: TableService) -> None:
    assert service.count(PEOPLE) == 5
    assert "Zed Archived" not in names(service.page(PEOPLE))


def test_the_archived_scope_shows_the_archived_people_instead(
    service: TableService, store: Store
) -> None:
    archived = {"scope": ARCHIVED}
    assert service.count(PEOPLE, filters=archived) == 1
    assert names(service.page(PEOPLE, filters=archived)) == ["Zed Archived"]
    # the other filters narrow it as they narrow the others
    assert service.count(PEOPLE, "zed", archived) == 1
    assert service.count(PEOPLE, "ada", archived) == 0
    customers = {**archived, "role": StakeholderRole.CUSTOMER}
    assert service.count(PEOPLE, filters=customers) == 0
    cy = next(r[0] for r in service.page(PEOPLE) if r[1] == "Cy Twombly")
    PeopleService(store).set_archived([cy])
    assert names(service.page(PEOPLE, filters=customers)) == ["Cy Twombly"]
    assert names(service.page(PEOPLE, filters=archived)) == ["Cy Twombly", "Zed Archived"]
    assert service.count(PEOPLE) == 4
    with pytest.raises(ValueError, match="no scope"):
        service.count(PEOPLE, filters={"scope": "deleted"})


@pytest.mark.parametrize("key", PEOPLE.keys)
@pytest.mark.parametrize("descending", [False, True])
def test_people_sort_by_every_column(service: TableService, key: str, descending: bool) -> None:
    rows = service.page(PEOPLE, sort_key=key, descending=descending)
    index = 1 + PEOPLE.index(key)

    def sort_value(row: tables.Row) -> tuple[Any, ...]:
        value = row[index]
        if isinstance(value, tuple):
            value = ",".join(value)
        # SQLite sorts NULL first; ties are broken by id.
        return (value is not None, value if value is not None else 0, row[0])

    assert rows == sorted(rows, key=sort_value, reverse=descending)
    assert len(rows) == 5


def test_last_activity_descending_puts_the_most_recent_first(service: TableService) -> None:
    rows = service.page(PEOPLE, sort_key="last_activity", descending=True)
    assert names(rows)[:3] == ["Ada Lovelace", "Bob Marley", "Cy Twombly"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ada", ["Ada Lovelace"]),  # name, through the trigram index
        ("acme", ["Ada Lovelace", "Dee O'Brien"]),  # organisation
        ("countess", ["Ada Lovelace"]),  # second email address
        ("wild.org", ["Bob Marley"]),  # email
        ("ACME dee", ["Dee O'Brien"]),  # every word, any case
        ("Cy", ["Cy Twombly"]),  # short text: a name prefix
        ("Lovelace Ad", ["Ada Lovelace"]),  # a short word must be in the name
        ("o'brien", ["Dee O'Brien"]),  # quotes are data, not syntax
        ('"', []),
        ("100%", ["Eve 100% Real"]),
        ("Archived", []),  # archived people stay hidden
        ("nobody", []),
        ("   ", ["Ada Lovelace", "Bob Marley", "Cy Twombly", "Dee O'Brien", "Eve 100% Real"]),
    ],
)
def test_people_filter(service: TableService, text: str, expected: list[str]) -> None:
    assert names(service.page(PEOPLE, text)) == expected
    assert service.count(PEOPLE, text) == len(expected)


def test_like_wildcards_in_a_filter_match_literally(service: TableService) -> None:
    spec = SPECS["organisations"]
    assert names(service.page(spec, "%")) == []
    assert names(service.page(spec, "_")) == []
    assert names(service.page(spec, "trust")) == ["Wildlife Trust"]


def test_filter_text_is_bound_never_spliced_into_sql(service: TableService, world: World) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(world.store.engine, "before_cursor_execute", record)
    try:
        for spec in SPECS.values():
            service.count(spec, "zq'x marker")
            service.page(spec, "zq'x marker", offset=3, limit=7)
    finally:
        event.remove(world.store.engine, "before_cursor_execute", record)
    assert statements
    assert not [s for s in statements if "marker" in s or "zq" in s]


def test_pages_fit_together_without_gaps_or_repeats(service: TableService) -> None:
    for key in PEOPLE.keys:
        for descending in (False, True):
            whole = service.page(PEOPLE, sort_key=key, descending=descending)
            pieces: list[tables.Row] = []
            for offset in range(0, 6, 2):
                pieces += service.page(
                    PEOPLE, sort_key=key, descending=descending, offset=offset, limit=2
                )
            assert pieces == whole


@pytest.mark.parametrize("descending", [False, True])
def test_seeking_after_a_row_gives_the_same_page_as_an_offset(
    service: TableService, descending: bool
) -> None:
    first = service.page(PEOPLE, sort_key="name", descending=descending, limit=2)
    seek = service.page(
        PEOPLE, sort_key="name", descending=descending, offset=2, limit=2, after=first[-1]
    )
    skip = service.page(PEOPLE, sort_key="name", descending=descending, offset=2, limit=2)
    assert seek == skip and len(seek) == 2


def test_seeking_works_on_timestamps(service: TableService) -> None:
    spec = SPECS["activities"]
    first = service.page(spec, limit=1)
    assert service.page(spec, offset=1, limit=3, after=first[0]) == service.page(
        spec, offset=1, limit=3
    )


def test_the_activity_log_sorts_by_time_only(service: TableService) -> None:
    spec = SPECS["activities"]
    assert [c.key for c in spec.columns if c.sortable] == ["when"]
    with pytest.raises(ValueError, match="cannot be sorted by person"):
        service.page(spec, sort_key="person")


def test_negative_paging_is_refused(service: TableService) -> None:
    with pytest.raises(ValueError, match="negative"):
        service.page(PEOPLE, offset=-1)


def test_unknown_sort_column_is_refused(service: TableService) -> None:
    with pytest.raises(KeyError):
        service.page(PEOPLE, sort_key="shoe_size")


def test_every_table_pages_and_counts(service: TableService) -> None:
    expected = {
        "people": 5,
        "organisations": 2,
        "communities": 2,
        "plan_items": 5,
        "activities": 4,
        "accounts": 0,
    }
    for key, spec in SPECS.items():
        assert service.count(spec) == expected[key], key
        rows = service.page(spec)
        assert len(rows) == expected[key]
        assert all(len(row) == 1 + len(spec.columns) for row in rows)
        for column in (c for c in spec.columns if c.sortable):
            for descending in (False, True):
                assert len(service.page(spec, sort_key=column.key, descending=descending)) == len(
                    rows
                )


def test_organisations_count_their_people(service: TableService) -> None:
    spec = SPECS["organisations"]
    rows = {row[1]: row for row in service.page(spec)}
    acme = rows["Acme Corp"]
    assert acme[1 + spec.index("kind")] is OrganisationKind.COMPANY
    assert acme[1 + spec.index("people")] == 2
    assert acme[1 + spec.index("domains")] == "acme.io"


def test_communities_show_owner_members_and_platforms(service: TableService) -> None:
    spec = SPECS["communities"]
    makers = service.page(spec)[0]
    assert makers[1] == "Makers"
    assert makers[1 + spec.index("owner")] == "Ada Lovelace"
    assert makers[1 + spec.index("members")] == 2
    assert makers[1 + spec.index("platforms")] == (Platform.DISCOURSE,)
    # Scope sorts in its declared order (internal before external), not alphabetically.
    assert names(service.page(spec, sort_key="scope")) == ["Staff club", "Makers"]
    assert names(service.page(spec, "ada")) == ["Makers"]  # by owner


def test_plan_items_sort_by_phase_in_order(service: TableService) -> None:
    rows = service.page(PLAN_ITEMS)
    phases = [row[1 + PLAN_ITEMS.index("phase")] for row in rows]
    assert phases == [Phase.INTERNAL, Phase.INTERNAL, Phase.EXTERNAL, Phase.HARMONISE, Phase.GROW]
    due = [row[1] for row in service.page(PLAN_ITEMS, sort_key="due")]
    assert due[:3] == ["Internal policy", "Staff training", "Meetup series"]  # undated last
    assert names(service.page(PLAN_ITEMS, "launch meetup")) == ["Meetup series"]


def test_activities_newest_first_and_filtered(service: TableService) -> None:
    spec = SPECS["activities"]
    rows = service.page(spec)
    times = [row[1] for row in rows]
    assert times == sorted(times, reverse=True)
    assert rows[0][1 + spec.index("person")] == "Ada Lovelace"
    assert rows[0][1 + spec.index("kind")] is ActivityKind.POST
    assert service.count(spec, "bob") == 1  # a person, through the people search
    assert service.count(spec, "bob@wild") == 1  # ... by email too
    assert service.count(spec, "makers") == 4  # a community


def test_plan_items_by_phase(world: World) -> None:
    progress = overview.plan_items_by_phase(world.store)
    assert [p.phase for p in progress] == list(Phase)
    internal = progress[0]
    assert internal.total == 2 and internal.done == 1 and internal.open == 1
    harmonise = progress[2]
    assert harmonise.total == 1 and harmonise.open == 0
    assert harmonise.by_status[ItemStatus.CANCELLED] == 1


def test_recent_activity(world: World) -> None:
    since = NOW - timedelta(days=30)
    assert overview.recent_activity(world.store, since) == (2, 2)  # people, activities


def test_empty_database(store: Store) -> None:
    service = TableService(store)
    for spec in SPECS.values():
        assert service.count(spec) == 0
        assert service.page(spec, "anything") == []
    assert all(p.total == 0 for p in overview.plan_items_by_phase(store))


def query_plan(store: Store, **page: Any) -> list[str]:
    """The steps of the outer query's plan (those of correlated subqueries left out)."""
    statement = tables.page_statement(PEOPLE, **page)
    compiled = statement.compile(store.engine)
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params).all()
    return [str(detail) for _id, parent, _unused, detail in rows if parent == 0]


@pytest.mark.parametrize(
    ("key", "index"), [("name", "ix_people_name"), ("last_activity", "ix_people_last_activity_at")]
)
@pytest.mark.parametrize("descending", [False, True])
def test_big_table_sorts_walk_an_index_instead_of_sorting(
    world: World, key: str, index: str, descending: bool
) -> None:
    """At a million people a sort must read the index in order and stop after a page."""
    plan = query_plan(world.store, sort_key=key, descending=descending)
    assert plan[0] == f"SCAN people USING INDEX {index}"
    assert not [step for step in plan if "TEMP B-TREE" in step]


def test_seek_uses_the_index_range(world: World) -> None:
    first = TableService(world.store).page(PEOPLE, limit=1)
    plan = query_plan(world.store, sort_key="name", after=first[0])
    assert plan[0].startswith("SEARCH people USING INDEX ix_people_name")
    assert not [step for step in plan if "TEMP B-TREE" in step]


def test_plans_hold_after_analyze(world: World) -> None:
    """Statistics must not talk SQLite into sorting every person instead."""
    with world.store.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    for key in ("name", "last_activity"):
        assert not [s for s in query_plan(world.store, sort_key=key) if "TEMP B-TREE" in s]


def test_named_filters_narrow_count_and_page(store: Store) -> None:
    import dataclasses

    import sqlalchemy as sa

    from commdesk.domain import Person, PersonRole

    people = PeopleService(store)
    ada = people.create(PersonDraft(name="Ada", roles=("customer",)))
    people.create(PersonDraft(name="Bob", roles=("supplier",)))
    spec = dataclasses.replace(
        PEOPLE,
        filters={
            "role": lambda role: Person.id.in_(
                sa.select(PersonRole.person_id).where(PersonRole.role == role)
            )
        },
    )
    service = TableService(store)
    assert service.count(spec, filters={"role": "customer"}) == 1
    assert [row[0] for row in service.page(spec, filters={"role": "customer"})] == [ada]
    assert service.count(spec, filters={"role": None}) == 2
    with pytest.raises(ValueError, match="no filter 'colour'"):
        service.count(spec, filters={"colour": "red"})


@pytest.mark.parametrize(
    "text", ["ada", "acme", "countess", "ACME dee", "Lovelace Ad", "nobody", "cy", "DE", "é"]
)
@pytest.mark.parametrize(("key", "descending"), [("name", False), ("last_activity", True)])
def test_common_and_rare_filter_texts_give_the_same_rows(
    world: World, text: str, key: str, descending: bool
) -> None:
    """A common text walks the sort index, a rare one sorts its matches: same rows."""
    walking, sorting = TableService(world.store), TableService(world.store)
    walking.common_matches, sorting.common_matches = 1, 10**9
    statements: list[str] = []
    event.listen(
        world.store.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_rest: statements.append(statement),
    )
    walked = walking.page(PEOPLE, text, sort_key=key, descending=descending)
    assert walked == sorting.page(PEOPLE, text, sort_key=key, descending=descending)
    if walked and len(text) >= 3:  # the walk hides the id from the planner
        assert any("people.id + " in s for s in statements)


def test_a_count_stops_when_asked(service: TableService) -> None:
    service.stop_check_steps = 1  # ask at every step: the test's tables are tiny
    asked: list[bool] = []

    def stop() -> bool:
        asked.append(True)
        return True

    with pytest.raises(OperationalError, match="interrupted"):
        service.count(PEOPLE, "ada", should_stop=stop)
    assert asked
    assert service.count(PEOPLE, "ada", should_stop=lambda: False) == 1


def test_a_name_prefix_matches_any_case_through_the_index_range(store: Store) -> None:
    people = PeopleService(store)
    for name in ("joan", "JOE", "Jonas", "jOhn", "Jim", "Zoe", "Ájo"):
        people.create(PersonDraft(name))
    service = TableService(store)
    for descending in (False, True):
        rows = service.page(PEOPLE, "jo", descending=descending)
        expected = ["JOE", "Jonas", "jOhn", "joan"]
        assert names(rows) == (expected[::-1] if descending else expected)
    plan = query_plan(store, filter_text="jo", walk=True)
    assert plan[0] == "SEARCH people USING INDEX ix_people_name (name>? AND name<?)", plan
    assert not [step for step in plan if "TEMP B-TREE" in step]
