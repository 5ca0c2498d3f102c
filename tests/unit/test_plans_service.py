"""PlanService against a real SQLite file: plans, KPIs, targets and the four-phase board."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.domain.enums import (
    ItemKind,
    ItemStatus,
    KpiMetric,
    Phase,
    PlanStatus,
    Platform,
    StakeholderRole,
)
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    CommunityDraft,
    KpiDraft,
    PersonDraft,
    PlanDraft,
    PlanItemDraft,
)
from commdesk.store import Store


@pytest.fixture
def plans(store: Store) -> PlanService:
    return PlanService(store)


@pytest.fixture
def plan(plans: PlanService) -> int:
    return plans.create(PlanDraft(name="Launch"))


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Run ``call`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def count_rows(store: Store, table: str, where: str = "1=1") -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()
        )


def board(plans: PlanService, plan_id: int) -> dict[Phase, list[str]]:
    """Titles per column, in board order."""
    columns: dict[Phase, list[str]] = {phase: [] for phase in Phase}
    for item in plans.items(plan_id):
        columns[item.phase].append(item.title)
    return columns


def assert_contiguous(plans: PlanService, plan_id: int) -> None:
    """Every column's positions are exactly 0..n-1."""
    for phase in Phase:
        positions = [item.position for item in plans.items(plan_id, phase)]
        assert positions == list(range(len(positions))), (phase, positions)


# --- plans ----------------------------------------------------------------------------------


def test_create_get_update_delete(store: Store, plans: PlanService) -> None:
    owner = PeopleService(store).create(PersonDraft(name="Olga"))
    community = CommunityService(store).create(CommunityDraft(name="Forum"))
    plan_id = plans.create(
        PlanDraft(
            name=" Spring launch ",
            objective="Grow the forum",
            owner_id=owner,
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 6, 30),
            status="Active",
            target_community_ids=(community, community),
            target_roles=("customer", "Partner", "customer"),
            kpis=(
                KpiDraft("active members", 200, date(2025, 6, 30), "Active in June"),
                KpiDraft(KpiMetric.EVENT_ATTENDANCE, 40),
            ),
        )
    )
    record = plans.get(plan_id)
    assert record.name == "Spring launch"
    assert record.objective == "Grow the forum"
    assert (record.owner_id, record.owner) == (owner, "Olga")
    assert (record.starts_on, record.ends_on) == (date(2025, 3, 1), date(2025, 6, 30))
    assert record.status is PlanStatus.ACTIVE
    assert record.target_community_ids == (community,)
    assert set(record.target_roles) == {StakeholderRole.CUSTOMER, StakeholderRole.PARTNER}
    assert record.kpis == (
        KpiDraft(KpiMetric.ACTIVE_MEMBERS, 200.0, date(2025, 6, 30), "Active in June"),
        KpiDraft(KpiMetric.EVENT_ATTENDANCE, 40.0, None, None),
    )
    assert record.items == 0
    assert plans.find("Spring launch") == plan_id
    assert plans.find(str(plan_id)) == plan_id

    plans.update(plan_id, PlanDraft(name="Summer launch", kpis=(KpiDraft("activities", 10),)))
    record = plans.get(plan_id)
    assert (record.name, record.owner_id, record.starts_on, record.status) == (
        "Summer launch",
        None,
        None,
        PlanStatus.DRAFT,
    )
    assert (record.target_community_ids, record.target_roles) == ((), ())
    assert record.kpis == (KpiDraft(KpiMetric.ACTIVITIES, 10.0),)
    assert count_rows(store, "kpis") == 1

    plans.add_item(plan_id, PlanItemDraft(title="Draft the post", tags=("blog",)))
    plans.delete(plan_id)
    with pytest.raises(NotFoundError):
        plans.get(plan_id)
    with pytest.raises(NotFoundError):
        plans.find("Summer launch")
    for table in ("plan_items", "kpis", "plan_target_roles", "plan_item_tags"):
        assert count_rows(store, table) == 0, table


def test_end_before_start_is_refused_naming_end(plans: PlanService) -> None:
    error = refused(
        plans.create, PlanDraft(name="P", starts_on=date(2025, 5, 2), ends_on=date(2025, 5, 1))
    )
    assert error.field == "end"
    with pytest.raises(NotFoundError):
        plans.find("P")
    same_day = plans.create(
        PlanDraft(name="P", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1))
    )
    assert plans.get(same_day).ends_on == date(2025, 5, 1)


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (PlanDraft(name=" "), "name"),
        (PlanDraft(name="P", status="paused"), "status"),
        (PlanDraft(name="P", owner_id=404), "owner"),
        (PlanDraft(name="P", target_community_ids=(404,)), "target communities"),
        (PlanDraft(name="P", target_roles=("villain",)), "target roles"),
        (PlanDraft(name="P", kpis=(KpiDraft("happiness", 1),)), "KPI metric"),
        (PlanDraft(name="P", kpis=(KpiDraft("activities", -1),)), "KPI target"),
    ],
)
def test_invalid_plan_fields_are_refused_by_name(
    store: Store, plans: PlanService, draft: PlanDraft, field: str
) -> None:
    assert refused(plans.create, draft).field == field
    assert count_rows(store, "plans") == 0


def test_plan_names_are_unique(plans: PlanService, plan: int) -> None:
    assert refused(plans.create, PlanDraft(name="Launch")).field == "name"
    other = plans.create(PlanDraft(name="Other"))
    assert refused(plans.update, other, PlanDraft(name="Launch")).field == "name"


def test_refused_plan_update_leaves_the_record_unchanged(store: Store, plans: PlanService) -> None:
    community = CommunityService(store).create(CommunityDraft(name="Forum"))
    plan_id = plans.create(
        PlanDraft(
            name="Launch",
            objective="Old",
            target_community_ids=(community,),
            kpis=(KpiDraft("activities", 5),),
        )
    )
    before = plans.get(plan_id)
    # Name, objective and status are valid and applied first; the KPI is not.
    error = refused(
        plans.update,
        plan_id,
        PlanDraft(
            name="Relaunch",
            objective="New",
            status="active",
            target_community_ids=(),
            kpis=(KpiDraft("activities", 7), KpiDraft("activities", -3)),
        ),
    )
    assert error.field == "KPI target"
    assert plans.get(plan_id) == before
    assert count_rows(store, "kpis") == 1


def test_a_plan_may_be_called_dash(plans: PlanService) -> None:
    plan_id = plans.create(PlanDraft(name="-"))
    assert plans.get(plan_id).name == "-"


def test_schema_refuses_bad_rows(store: Store, plans: PlanService, plan: int) -> None:
    item = plans.add_item(plan, PlanItemDraft(title="T"))
    statements = [
        "INSERT INTO plans (name, status, created_at, updated_at) VALUES ('', 'draft', 0, 0)",
        "INSERT INTO plans (name, status, created_at, updated_at) VALUES ('Q', 'paused', 0, 0)",
        f"UPDATE plans SET starts_on = '2025-05-02', ends_on = '2025-05-01' WHERE id = {plan}",
        f"UPDATE plan_items SET phase = 'shrink' WHERE id = {item}",
        f"UPDATE plan_items SET status = 'stuck' WHERE id = {item}",
        f"UPDATE plan_items SET title = '  ' WHERE id = {item}",
        f"UPDATE plan_items SET owner_id = 999 WHERE id = {item}",
        "INSERT INTO plan_items (plan_id, phase, title, kind, status, position, created_at, "
        "updated_at) VALUES (999, 'grow', 'X', 'content', 'idea', 0, 0, 0)",
        f"INSERT INTO kpis (plan_id, metric, target_value) VALUES ({plan}, 'joy', 1)",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(text(statement))
    record = plans.get_item(item)
    assert (record.title, record.phase, record.status) == ("T", Phase.INTERNAL, ItemStatus.PLANNED)


# --- items on the board ---------------------------------------------------------------------


def test_add_item_appends_at_the_end_of_its_phase(plans: PlanService, plan: int) -> None:
    a = plans.add_item(plan, PlanItemDraft(title="A"))
    b = plans.add_item(plan, PlanItemDraft(title="B", phase="grow"))
    c = plans.add_item(plan, PlanItemDraft(title="C"))
    d = plans.add_item(plan, PlanItemDraft(title="D", phase=Phase.GROW))
    assert [plans.get_item(i).position for i in (a, b, c, d)] == [0, 0, 1, 1]
    assert board(plans, plan) == {
        Phase.INTERNAL: ["A", "C"],
        Phase.EXTERNAL: [],
        Phase.HARMONISE: [],
        Phase.GROW: ["B", "D"],
    }
    assert plans.get(plan).items == 4


def test_add_item_stores_every_field(store: Store, plans: PlanService, plan: int) -> None:
    owner = PeopleService(store).create(PersonDraft(name="Olga"))
    community = CommunityService(store).create(CommunityDraft(name="Forum"))
    item = plans.add_item(
        plan,
        PlanItemDraft(
            title="  Launch webinar ",
            phase="Harmonise",
            kind="event",
            platform="in person",
            community_id=community,
            owner_id=owner,
            department="Sales",
            due_on=date(2025, 4, 1),
            status="in progress",
            notes="Book a room",
            tags=("webinar", "q2", "webinar"),
        ),
    )
    record = plans.get_item(item)
    assert record.plan_id == plan
    assert record.title == "Launch webinar"
    assert (record.phase, record.kind, record.platform) == (
        Phase.HARMONISE,
        ItemKind.EVENT,
        Platform.IN_PERSON,
    )
    assert (record.community_id, record.owner_id) == (community, owner)
    assert (record.department, record.due_on, record.notes) == (
        "Sales",
        date(2025, 4, 1),
        "Book a room",
    )
    assert record.status is ItemStatus.IN_PROGRESS
    assert record.tags == ("q2", "webinar")


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (PlanItemDraft(title=""), "title"),
        (PlanItemDraft(title="T", phase="shrink"), "phase"),
        (PlanItemDraft(title="T", kind="party"), "kind"),
        (PlanItemDraft(title="T", status="stuck"), "status"),
        (PlanItemDraft(title="T", platform="myspace"), "platform"),
        (PlanItemDraft(title="T", community_id=404), "community"),
        (PlanItemDraft(title="T", owner_id=404), "owner"),
        (PlanItemDraft(title="T", tags=(" ",)), "tags"),
    ],
)
def test_add_item_refuses_invalid_fields(
    store: Store, plans: PlanService, plan: int, draft: PlanItemDraft, field: str
) -> None:
    assert refused(plans.add_item, plan, draft).field == field
    assert count_rows(store, "plan_items") == 0


def test_add_item_to_a_missing_plan(plans: PlanService) -> None:
    with pytest.raises(NotFoundError):
        plans.add_item(404, PlanItemDraft(title="T"))


def test_items_come_in_board_order(plans: PlanService, plan: int) -> None:
    # Added in an order that is neither board order nor alphabetical.
    for title, phase in [
        ("g0", "grow"),
        ("h0", "harmonise"),
        ("e0", "external"),
        ("i0", "internal"),
        ("g1", "grow"),
        ("i1", "internal"),
        ("e1", "external"),
    ]:
        plans.add_item(plan, PlanItemDraft(title=title, phase=phase))
    assert [i.title for i in plans.items(plan)] == ["i0", "i1", "e0", "e1", "h0", "g0", "g1"]
    assert [i.title for i in plans.items(plan, Phase.GROW)] == ["g0", "g1"]
    other = plans.create(PlanDraft(name="Other"))
    plans.add_item(other, PlanItemDraft(title="elsewhere"))
    assert len(plans.items(plan)) == 7
    assert plans.items(404) == []


def _fill(plans: PlanService, plan: int) -> dict[str, int]:
    ids = {}
    for title in ("a", "b", "c", "d"):
        ids[title] = plans.add_item(plan, PlanItemDraft(title=title, phase="internal"))
    for title in ("x", "y"):
        ids[title] = plans.add_item(plan, PlanItemDraft(title=title, phase="external"))
    return ids


def test_move_item_between_phases_keeps_both_columns_contiguous(
    plans: PlanService, plan: int
) -> None:
    ids = _fill(plans, plan)
    plans.move_item(ids["b"], "external", 1)
    assert board(plans, plan)[Phase.INTERNAL] == ["a", "c", "d"]
    assert board(plans, plan)[Phase.EXTERNAL] == ["x", "b", "y"]
    assert_contiguous(plans, plan)

    plans.move_item(ids["a"], Phase.GROW, 0)  # into an empty column
    plans.move_item(ids["y"], Phase.INTERNAL, 0)  # to the top
    plans.move_item(ids["x"], Phase.INTERNAL, 99)  # past the end: appended
    assert board(plans, plan) == {
        Phase.INTERNAL: ["y", "c", "d", "x"],
        Phase.EXTERNAL: ["b"],
        Phase.HARMONISE: [],
        Phase.GROW: ["a"],
    }
    assert_contiguous(plans, plan)
    assert plans.get_item(ids["x"]).phase is Phase.INTERNAL


def test_move_item_within_a_phase(plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    plans.move_item(ids["a"], "internal", 2)
    assert board(plans, plan)[Phase.INTERNAL] == ["b", "c", "a", "d"]
    plans.move_item(ids["d"], "internal", 0)
    assert board(plans, plan)[Phase.INTERNAL] == ["d", "b", "c", "a"]
    plans.move_item(ids["c"], "internal", -5)  # clamped to the top
    assert board(plans, plan)[Phase.INTERNAL] == ["c", "d", "b", "a"]
    plans.move_item(ids["b"], "internal", 2)  # to where it is: nothing changes
    assert board(plans, plan)[Phase.INTERNAL] == ["c", "d", "b", "a"]
    assert board(plans, plan)[Phase.EXTERNAL] == ["x", "y"]
    assert_contiguous(plans, plan)


def test_move_item_refusals(plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    assert refused(plans.move_item, ids["a"], "shrink", 0).field == "phase"
    with pytest.raises(NotFoundError):
        plans.move_item(404, "grow", 0)
    assert board(plans, plan)[Phase.INTERNAL] == ["a", "b", "c", "d"]


def test_move_keeps_items_of_other_plans_alone(plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    other = plans.create(PlanDraft(name="Other"))
    theirs = plans.add_item(other, PlanItemDraft(title="theirs", phase="external"))
    plans.move_item(ids["a"], "external", 0)
    assert plans.get_item(theirs).position == 0
    assert [i.title for i in plans.items(other)] == ["theirs"]


def test_update_item_changes_fields(store: Store, plans: PlanService, plan: int) -> None:
    owner = PeopleService(store).create(PersonDraft(name="Olga"))
    item = plans.add_item(plan, PlanItemDraft(title="Old", platform="github", notes="n"))
    plans.update_item(
        item,
        title=" New ",
        status="Done",
        kind=ItemKind.SURVEY,
        due_on="2025-07-01",
        platform="",
        notes="  ",
        owner_id=owner,
        department="HR",
    )
    record = plans.get_item(item)
    assert record.title == "New"
    assert record.status is ItemStatus.DONE
    assert record.kind is ItemKind.SURVEY
    assert record.due_on == date(2025, 7, 1)
    assert (record.platform, record.notes, record.owner_id, record.department) == (
        None,
        None,
        owner,
        "HR",
    )
    plans.update_item(item, due_on=None)
    assert plans.get_item(item).due_on is None
    plans.update_item(item, due_on=date(2025, 8, 1))
    assert plans.get_item(item).due_on == date(2025, 8, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"title": "ok", "position": 3}, "position"),
        ({"status": "stuck"}, "status"),
        ({"due_on": "2025-13-01"}, "due date"),
        ({"due_on": "tomorrow"}, "due date"),
        ({"title": "   "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"phase": "shrink"}, "phase"),
        ({"platform": "myspace"}, "platform"),
        ({"owner_id": 404}, "owner"),
        ({"community_id": 404}, "community"),
    ],
)
def test_update_item_validates_each_field(
    plans: PlanService, plan: int, changes: dict[str, Any], field: str
) -> None:
    item = plans.add_item(plan, PlanItemDraft(title="Keep", due_on=date(2025, 1, 1)))
    before = plans.get_item(item)
    # A valid change alongside the bad one is not applied either.
    error = refused(plans.update_item, item, notes="changed", **changes)
    assert error.field == field
    assert plans.get_item(item) == before


def test_update_item_on_a_missing_item(plans: PlanService) -> None:
    with pytest.raises(NotFoundError):
        plans.update_item(404, title="X")


def test_update_item_phase_keeps_columns_contiguous(plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    plans.update_item(ids["a"], phase="external")
    assert board(plans, plan)[Phase.EXTERNAL] == ["x", "y", "a"]
    assert_contiguous(plans, plan)


def test_delete_item_keeps_its_column_contiguous(plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    plans.delete_item(ids["b"])
    assert board(plans, plan)[Phase.INTERNAL] == ["a", "c", "d"]
    assert_contiguous(plans, plan)


def test_delete_item_returns_what_it_was(store: Store, plans: PlanService, plan: int) -> None:
    ids = _fill(plans, plan)
    plans.set_item_tags(ids["c"], ["later", "later", "draft"])
    before = plans.get_item(ids["c"])
    assert before.tags == ("draft", "later")
    assert plans.delete_item(ids["c"]) == before
    assert board(plans, plan)[Phase.INTERNAL] == ["a", "b", "d"]
    assert count_rows(store, "plan_item_tags") == 0
    with pytest.raises(NotFoundError):
        plans.get_item(ids["c"])
    with pytest.raises(NotFoundError):
        plans.delete_item(ids["c"])


def test_tags_are_shared_across_people_communities_and_items(
    store: Store, plans: PlanService, plan: int
) -> None:
    PeopleService(store).create(PersonDraft(name="Ann", tags=("python",)))
    CommunityService(store).create(CommunityDraft(name="PyLeeds", tags=("python", "local")))
    item = plans.add_item(plan, PlanItemDraft(title="Talk", tags=("python",)))
    plans.set_item_tags(item, ["python", "local", " local "])
    assert plans.get_item(item).tags == ("local", "python")
    assert count_rows(store, "tags") == 2
