"""The People table's page queries walk an index in the order they show, so a page costs the
same at a million people as at fifty (checked with EXPLAIN QUERY PLAN, never with timings)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from commdesk.services.listings import PEOPLE
from commdesk.services.tables import page_statement
from commdesk.store import Store


def _plan(store: Store, statement: Any) -> list[tuple[int, str]]:
    """(parent, detail) of each step of the plan SQLite picks for ``statement``."""
    compiled = statement.compile(dialect=sqlite.dialect())
    params = compiled.construct_params()
    values = tuple(params[name] for name in compiled.positiontup or ())
    with store.read() as session:
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)
        return [(int(row[1]), str(row[3])) for row in rows]


def _top(plan: list[tuple[int, str]]) -> list[str]:
    """The outer query's steps (not the correlated subqueries of the row's columns)."""
    return [detail for parent, detail in plan if parent == 0]


@pytest.mark.parametrize(
    ("sort_key", "index"),
    [("name", "ix_people_name"), ("last_activity", "ix_people_last_activity_at")],
)
@pytest.mark.parametrize("descending", [False, True])
def test_a_page_walks_the_sort_columns_index(
    store: Store, sort_key: str, index: str, descending: bool
) -> None:
    statement = page_statement(PEOPLE, sort_key=sort_key, descending=descending, limit=200)

    top = _top(_plan(store, statement))

    assert f"SCAN people USING INDEX {index}" in top
    assert not any("TEMP B-TREE" in step for step in top), top  # no sort of every person


def test_the_page_after_another_seeks_into_the_name_index(store: Store) -> None:
    after = (41, "Maria Lopez", *([None] * (len(PEOPLE.columns) - 1)))
    statement = page_statement(PEOPLE, limit=200, offset=200, after=after)

    top = _top(_plan(store, statement))

    assert any(step.startswith("SEARCH people USING INDEX ix_people_name") for step in top), top
    assert not any("TEMP B-TREE" in step for step in top), top


def test_counting_reads_an_index_not_the_table(store: Store) -> None:
    assert PEOPLE.count_source is not None
    statement = sa.select(sa.func.count()).select_from(PEOPLE.count_source).where(PEOPLE.where)

    top = _top(_plan(store, statement))

    assert top == ["SCAN people USING COVERING INDEX ix_people_archived"]


def _chosen(plan: list[tuple[int, str]]) -> list[str]:
    """The steps that choose the page's ids, before the columns are read for those rows."""
    details = [detail for _parent, detail in plan]
    assert details[0] == "MATERIALIZE chosen", details
    return details[1 : details.index("SCAN chosen")]


def test_a_common_filter_text_walks_the_name_index_testing_each_person(store: Store) -> None:
    statement = page_statement(PEOPLE, "mart", limit=200, walk=True)

    top = _top(_plan(store, statement))

    assert top[0] == "SCAN people USING INDEX ix_people_name", top
    assert not any("TEMP B-TREE" in step for step in top), top  # stops after a page


def test_a_rare_filter_text_sorts_the_ids_of_its_matches_alone(store: Store) -> None:
    statement = page_statement(PEOPLE, "mart", limit=200)

    plan = _plan(store, statement)
    chosen = _chosen(plan)

    # The matches are looked up by id and sorted; only then are the columns of the page's
    # rows read (the correlated subqueries run for 200 rows, not for every match).
    assert chosen[0] == "SEARCH people USING INTEGER PRIMARY KEY (rowid=?)", chosen
    assert "USE TEMP B-TREE FOR ORDER BY" in chosen
    assert "SEARCH people USING INTEGER PRIMARY KEY (rowid=?)" in _top(plan)
