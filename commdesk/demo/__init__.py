"""A deterministic demo world: organisations, people, communities, two years of activity and
three engagement plans, drawn from a seed and written to a store in one bulk transaction.

``build_demo(store, size, seed, progress)`` is what the app and the command line call;
``DemoWorld(size, seed).tables()`` (or ``demo_rows``) gives the same rows without a store.
"""

from commdesk.demo.build import DemoCancelled, DemoSummary, Progress, build_demo
from commdesk.demo.rows import SIZES, DemoSize, DemoWorld, TableRows, demo_rows
from commdesk.demo.world import END_DATE

__all__ = [
    "END_DATE",
    "SIZES",
    "DemoCancelled",
    "DemoSize",
    "DemoSummary",
    "DemoWorld",
    "Progress",
    "TableRows",
    "build_demo",
    "demo_rows",
]
