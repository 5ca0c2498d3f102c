"""A bulk load (the demo build) sets the summary triggers aside and rebuilds the summaries
whole at the end: they come out equal to the raw rows, and the triggers are back after."""

from __future__ import annotations

from sqlalchemy import text

from commdesk.demo import build_demo
from commdesk.store import Store
from tests.unit.summary_expectations import assert_summaries_match


def _summary_triggers(store: Store) -> dict[str, str]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'summary%'"
            )
        )
        return {name: sql for name, sql in rows}


def test_the_demo_build_ends_with_the_summaries_right(store: Store) -> None:
    triggers = _summary_triggers(store)
    assert len(triggers) == 10 + 11  # migrations 0008 and 0012
    build_demo(store, "tiny", seed=3)
    assert _summary_triggers(store) == triggers
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM activity_hours")).scalar()
        assert connection.execute(text("SELECT count(*) FROM member_pairs")).scalar()
        assert_summaries_match(connection)
    # and the triggers work again: one more activity is counted
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO activities(occurred_at, person_id, community_id, platform, kind, "
                "source) SELECT 1780000000, min(id), NULL, 'github', 'post', 'manual' FROM people"
            )
        )
    with store.engine.connect() as connection:
        assert_summaries_match(connection)
