"""The People table's Engagement column: the level from the score summary, sorted in SQL."""

from __future__ import annotations

from commdesk.domain.engagement import EngagementLevel as L
from commdesk.services import listings
from commdesk.services.engagement import recompute
from commdesk.services.tables import TableService
from commdesk.store import Store
from tests.unit.engagement_dataset import T, build


def test_the_engagement_column_reads_and_sorts_the_levels(store: Store) -> None:
    build(store)
    tables, spec = TableService(store), listings.PEOPLE
    column = 1 + spec.index("engagement")

    def levels(**sort: object) -> list[tuple[str, object]]:
        return [(row[1], row[column]) for row in tables.page(spec, **sort)]  # type: ignore[arg-type]

    # Before any recompute nobody has a row: everyone reads as an observer.
    assert {level for _name, level in levels()} == {L.OBSERVER}
    recompute(store, T)
    by_name = dict(levels())
    assert by_name["Ann"] is L.LEADER
    assert by_name["Jo"] is L.CONTRIBUTOR
    assert by_name["Dee"] is L.PARTICIPANT
    assert by_name["Cy"] is L.OBSERVER
    # Highest level first; within a level the table's tie-break (latest id first).
    ranked = [name for name, _ in levels(sort_key="engagement", descending=True)]
    assert ranked == ["Ann", "Jo", "Hal", "Gus", "Fay", "Eve", "Dee", "Ben", "Cy"]
