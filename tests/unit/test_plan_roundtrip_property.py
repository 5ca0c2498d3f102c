"""Property: any plan exported to .xlsx and read back is the same plan (an empty diff)."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commdesk.domain.enums import ItemKind, ItemStatus, Phase, Platform
from commdesk.io.export import export_plan
from commdesk.io.plan_reader import read_edited_plan
from commdesk.io.roundtrip import plan_diff
from commdesk.services.plans import PlanService
from commdesk.services.records import PlanDraft, PlanItemDraft
from commdesk.store import Store

# Any Unicode but NUL (which no CommDesk field accepts) and lone surrogates (not text).
_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
_text = st.text(_chars, min_size=1, max_size=60).filter(lambda t: t.strip())
_prefixed = st.sampled_from(["=", "+", "-", "@", "\t", "{=", "_x0041_"]).flatmap(
    lambda prefix: _text.map(lambda rest: prefix + rest)
)
_items = st.lists(
    st.builds(
        PlanItemDraft,
        title=st.one_of(_text, _prefixed),
        phase=st.sampled_from(list(Phase)),
        kind=st.sampled_from(list(ItemKind)),
        platform=st.none() | st.sampled_from(list(Platform)),
        department=st.none() | _text,
        due_on=st.none() | st.dates(date(1901, 1, 1), date(9999, 12, 31)),
        status=st.sampled_from(list(ItemStatus)),
        notes=st.none() | st.text(_chars, max_size=300) | _prefixed,
    ),
    min_size=1,
    max_size=8,
)
_counter = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=_items)
def test_exported_plans_come_back_unchanged(
    store: Store, tmp_path: Path, items: list[PlanItemDraft]
) -> None:
    plans = PlanService(store)
    plan_id = plans.create(PlanDraft(name=f"Plan {next(_counter)}"))
    ids = [plans.add_item(plan_id, draft) for draft in items]
    path = export_plan(store, plan_id, tmp_path / "plan.xlsx")
    diff = plan_diff(store, path)
    assert diff.is_empty, diff.lines()
    # And field by field, what the reader sees is what the store holds.
    rows = {row.item_id: row.values for row in read_edited_plan(path).rows}
    for item_id in ids:
        stored = plans.get_item(item_id)
        read = rows[item_id]
        assert read["title"] == stored.title
        assert read["notes"] == stored.notes
        assert read["department"] == stored.department
        assert read["due_on"] == stored.due_on
        assert (read["phase"], read["status"], read["kind"], read["platform"]) == (
            stored.phase,
            stored.status,
            stored.kind,
            stored.platform,
        )
