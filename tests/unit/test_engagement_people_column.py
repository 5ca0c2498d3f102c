"""The People table's Engagement column: the level from the score summary, sorted in SQL."""

from __future__ import annotations

from commdesk.services import listings
from commdesk.services.engagement import recompute
from commdesk.services.tables import TableService
from commdesk.store import Store
from tests.unit.engagement_dataset import T, build


def test_the_engagement_column_reads_and_sorts_the_levels(store: Store) -> None:
    build(store)
    tables, spec = TableService(store), listings.PEOPLE
    column = 1 + spec.index("engagement")

    def levels(**sort: object) -> list[tuple[str, str]]:
        return [(row[1], row[column]) for row in tables.page(spec, **sort)]  # type: ignore[arg-type]

    # Before any recompute nobody has a row: everyone reads as an observer.
    assert {level for _name, level in levels()} == {"Observer"}
    recompute(store, T)
    by_name = dict(levels())
    assert by_name["Ann"] == "Leader"
    assert by_name["Jo"] == "Contributor"
    assert by_name["Dee"] == "Participant"
    assert by_name["Cy"] == "Observer"
    # Highest level first; within a level the higher score (Dee 25 before Gus 10.9).
    ranked = [name for name, _ in levels(sort_key="engagement", descending=True)]
    assert ranked[:3] == ["Ann", "Jo", "Dee"]
    assert ranked[-1] == "Cy"
    assert ranked.index("Dee") < ranked.index("Gus") < ranked.index("Fay") < ranked.index("Ben")
