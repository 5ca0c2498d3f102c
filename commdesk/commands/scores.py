"""``commdesk scores``: the most engaged people, and recomputing every score.

commdesk scores                      the top 20 of the score summary
commdesk scores --recompute          recompute every score (as of now) first
commdesk scores --top 50 --json      the top 50 as JSON
commdesk scores --formulas           the formulas in words, with the stored numbers
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commdesk.cli import Runtime


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    scores = commands.add_parser("scores", help="engagement scores and levels; recompute them")
    scores.add_argument("--recompute", action="store_true", help="recompute every score first")
    scores.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="with --recompute: score as of the end of this day (default: now)",
    )
    scores.add_argument("--top", type=int, default=20, metavar="N", help="show N people (20)")
    scores.add_argument("--json", action="store_true", help="print a JSON list")
    scores.add_argument("--formulas", action="store_true", help="print the formulas in words")
    scores.set_defaults(handler=run)


def run(args: argparse.Namespace, runtime: Runtime) -> int:
    import sqlalchemy as sa

    from commdesk.domain import EngagementLevel, Person, PersonScore
    from commdesk.errors import ValidationError
    from commdesk.services.engagement import describe, load_settings, recompute

    if args.top < 0:
        raise ValidationError("--top", "must be 0 or more")
    store = runtime.open_store(create=False)
    try:
        if args.formulas:
            for line in describe(load_settings(store)):
                print(line)
        if args.recompute:
            as_of = None
            if args.as_of is not None:
                as_of = datetime.combine(args.as_of, datetime.max.time(), tzinfo=UTC)
            scored = recompute(store, as_of, progress=_progress)
            print(f"Scored {scored} people.", file=sys.stderr)
        query = (
            sa.select(Person.id, Person.name, PersonScore.score, PersonScore.level)
            .join(PersonScore, PersonScore.person_id == Person.id)
            .order_by(PersonScore.score.desc(), Person.id)
            .limit(args.top)
        )
        with store.read() as session:
            rows = [
                (int(i), str(n), float(s), EngagementLevel(int(lv)))
                for i, n, s, lv in session.execute(query)
            ]
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                [
                    {"id": i, "name": n, "score": round(s, 3), "level": lv.label.lower()}
                    for i, n, s, lv in rows
                ],
                ensure_ascii=False,
            )
        )
    else:
        for i, n, s, lv in rows:
            print(f"{i:>8}  {s:10.2f}  {lv.label:<12}  {n}")
    return 0


def _progress(fraction: float | None, message: str) -> bool:
    if fraction is not None:
        sys.stderr.write(f"\r{int(fraction * 100):3d}%  {message}")
        if fraction >= 1:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return True
