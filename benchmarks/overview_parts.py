"""Time each part of the Overview's load on a database (the large demo by default).

    python benchmarks/overview_parts.py DB

Prints the best CPU seconds (process time: the machine may be shared) of a few runs of every part DashboardService._load reads, for the default
query and the filtered variants; the rankings (another workload's business) are left out.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.services.dashboard import DashboardQuery, Split, activity, communities, people
from commdesk.services.dashboard.communities import MATRIX_SIZE
from commdesk.store import Store

ROUNDS = 2


def best(job: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.process_time()
        job()
        times.append(time.process_time() - start)
    return min(times)


def parts(store: Store, query: DashboardQuery) -> dict[str, Callable[[], object]]:
    def members() -> list[tuple[int, str, int]]:
        with store.read() as session:
            return [tuple(r) for r in session.execute(communities.members_sql(query.role))]  # type: ignore[misc]

    def mix() -> object:
        with store.read() as session:
            return session.execute(communities.mix_sql(query.role)).all()

    listed = members()
    ids = tuple(c for c, _n, m in listed if m > 0)[:MATRIX_SIZE]

    def overlap() -> object:
        with store.read() as session:
            return session.execute(communities.overlap_sql(ids, query.role)).all()

    def hours() -> object:
        found = activity.read_hours(store, query)
        if query.split is Split.ROLE:
            found = activity.read_hours(store, replace(query, split=Split.NONE))
        return found

    return {
        "hours": hours,
        "members": members,
        "mix": mix,
        "overlap": overlap,
        "kpis": lambda: people.plan_kpis(store, query),
    }


def main() -> None:
    path = Path(sys.argv[1])
    store = Store.open(path, create=False)
    base = DashboardQuery.last_days(365)
    with store.read() as session:
        community = session.execute(communities.members_sql(None)).first()[0]  # type: ignore[index]
    variants = {
        "default": base,
        "community": replace(base, community_id=community),
        "role": replace(base, role=StakeholderRole.PARTNER),
        "platform": replace(base, platform=Platform.SLACK),
        "split-role": replace(base, split=Split.ROLE),
    }
    try:
        for name, query in variants.items():
            timed = {part: best(job) for part, job in parts(store, query).items()}
            line = " ".join(f"{p}={t:.3f}" for p, t in timed.items())
            print(f"{name:11s} total={sum(timed.values()):.3f}s  {line}", flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
