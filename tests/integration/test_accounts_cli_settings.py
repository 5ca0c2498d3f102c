"""``commdesk accounts add/edit`` set what each platform syncs (a Mastodon hashtag, Discourse
category and group mappings, a GitHub repository or organisation) with plain options; a value
refused names its option, before the secret is read, and nothing is stored."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from commdesk.cli import main
from commdesk.services.accounts import AccountService
from commdesk.services.communities import CommunityService
from commdesk.services.records import CommunityDraft
from commdesk.store import Store
from tests.integration.test_accounts_cli import TOKEN, session_secrets  # noqa: F401  # fixture

URL = {
    "mastodon": "https://mastodon.example",
    "discourse": "https://forum.example",
    "github": "https://api.github.com",
}


@pytest.fixture
def communities(db_path: Path) -> tuple[int, int]:
    store = Store.open(db_path)
    try:
        service = CommunityService(store)
        return service.create(CommunityDraft("Forum")), service.create(CommunityDraft("Team"))
    finally:
        store.close()


def run(monkeypatch: pytest.MonkeyPatch, db: Path, *argv: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(TOKEN + "\n"))
    return main(["--db", str(db), *argv])


def add(monkeypatch: pytest.MonkeyPatch, db: Path, platform: str, *options: str) -> int:
    return run(
        monkeypatch, db, "accounts", "add", "--platform", platform, "--url", URL[platform],
        "--username", "ada", *options,
    )  # fmt: skip


def settings_of(db: Path, account_id: int = 1) -> dict[str, object]:
    store = Store.open(db)
    try:
        return dict(AccountService(store).get(account_id).settings)
    finally:
        store.close()


def test_each_platform_gets_its_settings_from_options(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, communities: tuple[int, int]
) -> None:
    forum, team = communities
    assert add(monkeypatch, db_path, "mastodon", "--hashtag", "#fediverse") == 0
    assert settings_of(db_path, 1) == {"hashtag": "fediverse"}
    options = ("--category", f"5={forum}", "--category", f"7={team}", "--group", f"staff={team}")
    assert add(monkeypatch, db_path, "discourse", *options, "--community", str(forum)) == 0
    assert settings_of(db_path, 2) == {
        "categories": {"5": forum, "7": team},
        "groups": {"staff": team},
        "community_id": forum,
    }
    assert add(monkeypatch, db_path, "github", "--repository", "acme/widgets", "--org", "acme") == 0
    assert settings_of(db_path, 3) == {"repository": "acme/widgets", "org": "acme"}


@pytest.mark.parametrize(
    "case",
    [
        (
            "github",
            ("--hashtag", "x"),
            "--hashtag: is a Mastodon setting; this is a GitHub account",
        ),
        ("mastodon", ("--repository", "a/b"), "--repository: is a GitHub setting"),
        ("mastodon", ("--hashtag", "two words"), "--hashtag: 'two words' is not a word"),
        ("github", ("--repository", "widgets"), "--repository: 'widgets' is not owner/name"),
        ("discourse", ("--category", "5"), "--category: '5' is not ID=COMMUNITY (e.g. 5=3)"),
        ("discourse", ("--category", "five=1"), "--category: 'five' is not a category id"),
        ("discourse", ("--category", "5=x"), "--category: 'x' is not a community id"),
        ("discourse", ("--group", "staff=99"), "--group: there is no community 99"),
        ("discourse", ("--group", "=1"), "--group: '=1' is not NAME=COMMUNITY"),
        ("github", ("--community", "99"), "--community: there is no community 99"),
    ],
)
@pytest.mark.usefixtures("communities")
def test_a_bad_setting_names_its_option_and_nothing_is_stored(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    case: tuple[str, tuple[str, ...], str],
) -> None:
    platform, options, message = case
    assert add(monkeypatch, db_path, platform, *options) == 1
    assert f"commdesk: {message}" in capsys.readouterr().err
    assert sys.stdin.read() == TOKEN + "\n"  # refused before the secret was asked
    assert run(monkeypatch, db_path, "accounts", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_edit_adds_and_removes_mappings_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    communities: tuple[int, int],
) -> None:
    forum, team = communities
    assert add(monkeypatch, db_path, "discourse", "--category", f"5={forum}") == 0
    edit = ("accounts", "edit", "1")
    assert (
        run(monkeypatch, db_path, *edit, "--category", f"7={team}", "--group", f"staff={forum}")
        == 0
    )
    assert settings_of(db_path) == {
        "categories": {"5": forum, "7": team},
        "groups": {"staff": forum},
    }
    assert run(monkeypatch, db_path, *edit, "--category", "5=0", "--label", "Forum") == 0
    assert settings_of(db_path) == {"categories": {"7": team}, "groups": {"staff": forum}}
    assert run(monkeypatch, db_path, *edit, "--label", "Renamed") == 0  # no option: kept
    assert settings_of(db_path) == {"categories": {"7": team}, "groups": {"staff": forum}}
    capsys.readouterr()
    assert run(monkeypatch, db_path, *edit, "--group", "staff=99") == 1
    assert "commdesk: --group: there is no community 99" in capsys.readouterr().err
    assert settings_of(db_path) == {"categories": {"7": team}, "groups": {"staff": forum}}
