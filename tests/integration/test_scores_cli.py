"""``commdesk scores``: recompute and list the most engaged people from the command line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk.cli import main
from commdesk.store import Store
from tests.unit.engagement_dataset import build


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


def test_recompute_as_of_a_day_then_list_the_top(
    store: Store, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(store)
    store.close()
    # As of the end of 2025-12-31, one second before T: nothing logged at T counts yet
    # (Ann's 11 posts, Jo's 2 reactions...).
    args = ["--db", str(db_path), "scores", "--recompute", "--as-of", "2025-12-31"]
    assert main([*args, "--top", "2", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "Scored" in err
    top = json.loads(out)
    # Dee: 20 posts 180 days earlier, 25; Jo: 24 reactions 45 days earlier, 16.97.
    assert [p["name"] for p in top] == ["Dee", "Jo"]
    assert top[0]["score"] == pytest.approx(25, abs=1e-3)
    assert top[1]["score"] == pytest.approx(24 * 0.5**0.5, abs=1e-3)
    assert top[0]["level"] == "participant"
    assert main(["--db", str(db_path), "scores", "--top", "1", "--formulas"]) == 0
    out, _err = capsys.readouterr()
    assert "Engagement score = the sum" in out
    assert out.strip().splitlines()[-1].split()[-1] == "Dee"


def test_a_negative_top_is_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(db_path).close()
    assert main(["--db", str(db_path), "scores", "--top", "-1"]) != 0
    assert "--top: must be 0 or more" in capsys.readouterr().err
