"""Accounts: add/edit/remove with the secret kept in a credential store, and Test connection
against a local HTTP server answering in each platform's documented shape."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import text

from commdesk.credentials import CredentialStore, Secret
from commdesk.domain.enums import Platform
from commdesk.domain.platforms import SyncStatus
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.accounts import AccountDraft, AccountService
from commdesk.services.communities import CommunityService
from commdesk.services.records import CommunityDraft
from commdesk.store import Store
from tests.whoami_server import whoami_server

TOKEN = "tok-3f9a7c1e-known"


@pytest.fixture
def secrets() -> CredentialStore:
    return CredentialStore.session_only()


@pytest.fixture
def service(store: Store, secrets: CredentialStore) -> AccountService:
    return AccountService(store, secrets)


def draft(**changes: object) -> AccountDraft:
    values: dict[str, object] = {
        "platform": "mastodon",
        "base_url": "https://mastodon.example/",
        "username": "ada",
    }
    values.update(changes)
    return AccountDraft(**values)  # type: ignore[arg-type]


def test_add_keeps_the_secret_in_the_store_and_only_its_key_in_the_database(
    service: AccountService, secrets: CredentialStore, store: Store
) -> None:
    account_id = service.add(draft(), Secret(TOKEN))
    record = service.get(account_id)
    assert record.platform is Platform.MASTODON
    assert record.base_url == "https://mastodon.example"
    assert record.label == "ada on mastodon.example"
    assert record.sync_status is SyncStatus.NEVER
    assert record.credential_key.startswith("account-")
    assert secrets.get(record.credential_key) == Secret(TOKEN)
    with store.read() as session:
        row = session.execute(text("SELECT * FROM platform_accounts")).one()
    assert TOKEN not in repr(tuple(row))


def test_renaming_keeps_the_key_and_the_secret(service: AccountService) -> None:
    account_id = service.add(draft(label="Work"), Secret(TOKEN))
    key = service.get(account_id).credential_key
    service.update(account_id, draft(label="Personal", sync_interval_minutes=30))
    renamed = service.get(account_id)
    assert (renamed.label, renamed.credential_key) == ("Personal", key)
    assert renamed.sync_interval_minutes == 30
    assert service.secret(account_id) == Secret(TOKEN)


def test_a_new_secret_on_edit_replaces_the_old(service: AccountService) -> None:
    account_id = service.add(draft(), Secret(TOKEN))
    service.update(account_id, draft(), Secret("second"))
    assert service.secret(account_id) == Secret("second")


def test_remove_deletes_the_keyring_entry(
    service: AccountService, secrets: CredentialStore
) -> None:
    account_id = service.add(draft(), Secret(TOKEN))
    key = service.get(account_id).credential_key
    service.remove(account_id)
    assert secrets.get(key) is None
    assert service.accounts() == []
    with pytest.raises(NotFoundError, match=str(account_id)):
        service.get(account_id)


def test_settings_are_kept_as_json_and_survive_an_edit_without_them(
    service: AccountService,
) -> None:
    account_id = service.add(draft(settings={"hashtag": "fediverse"}), None)
    service.update(account_id, draft(label="Renamed"))
    assert dict(service.get(account_id).settings) == {"hashtag": "fediverse"}


@pytest.mark.parametrize(
    ("changes", "field", "complaint"),
    [
        ({"platform": "linkedin"}, "platform", "cannot be synced"),
        ({"platform": "myspace"}, "platform", "unknown value"),
        ({"base_url": "http://mastodon.example"}, "url", "only accepted for this computer"),
        ({"username": "  "}, "username", "must not be empty"),
        ({"sync_interval_minutes": 1}, "sync_interval_minutes", "between 5 and 10080"),
        ({"settings": {"when": object()}}, "settings", "plain values"),
        ({"settings": {"hashtag": "#two words"}}, "hashtag", "is not a word"),
        ({"settings": {"repository": "acme/widgets"}}, "repository", "is a GitHub setting"),
        ({"platform": "github", "settings": {"repository": "widgets"}}, "repository", "owner"),
        ({"platform": "github", "settings": {"hashtag": "x"}}, "hashtag", "Mastodon setting"),
        ({"platform": "discourse", "settings": {"categories": ["5"]}}, "categories", "map"),
        ({"platform": "discourse", "settings": {"categories": {"x": 1}}}, "categories", "id"),
        ({"platform": "discourse", "settings": {"groups": {"a b": 1}}}, "groups", "group name"),
        ({"platform": "discourse", "settings": {"groups": {"staff": 9}}}, "groups", "no community"),
        ({"settings": {"community_id": True}}, "community_id", "not a community id"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_stored(
    service: AccountService,
    secrets: CredentialStore,
    changes: dict[str, object],
    field: str,
    complaint: str,
) -> None:
    with pytest.raises(ValidationError, match=complaint) as caught:
        service.add(draft(**changes), Secret(TOKEN))
    assert caught.value.field == field
    assert service.accounts() == []


def test_the_same_user_on_the_same_server_is_refused_and_its_secret_not_overwritten(
    service: AccountService, secrets: CredentialStore
) -> None:
    first = service.add(draft(), Secret(TOKEN))
    with pytest.raises(ValidationError, match=f"already account {first}"):
        service.add(draft(label="Again"), Secret("other"))
    assert service.secret(first) == Secret(TOKEN)
    assert len(service.accounts()) == 1


@pytest.mark.parametrize("platform", ["mastodon", "discourse", "github"])
def test_connection_test_asks_the_server_who_the_token_belongs_to(
    service: AccountService, platform: str
) -> None:
    with whoami_server(TOKEN, "ada") as server:
        account_id = service.add(draft(platform=platform, base_url=server.url), Secret(TOKEN))
        result = service.test(account_id)
    assert result.ok, result.message
    assert result.message == f"Connected to {server.url.removeprefix('http://')} as ada."
    assert len(server.seen) == 1


def test_connection_test_reports_a_refused_token(service: AccountService) -> None:
    with whoami_server(TOKEN, "ada") as server:
        account_id = service.add(draft(base_url=server.url), Secret("wrong-token"))
        result = service.test(account_id)
    assert not result.ok
    assert not result.offline
    assert "refused the token or password (HTTP 401)" in result.message
    assert "wrong-token" not in result.message


def test_connection_test_reports_a_token_of_someone_else(service: AccountService) -> None:
    with whoami_server(TOKEN, "grace") as server:
        account_id = service.add(draft(platform="github", base_url=server.url), Secret(TOKEN))
        result = service.test(account_id)
    assert not result.ok
    assert "belongs to grace" in result.message


def test_connection_test_reports_an_answer_that_is_not_json(service: AccountService) -> None:
    with whoami_server(TOKEN, "ada") as server:
        server.broken_json = True
        account_id = service.add(draft(base_url=server.url), Secret(TOKEN))
        result = service.test(account_id)
    assert not result.ok
    assert "did not answer with JSON" in result.message


def test_connection_test_of_an_unreachable_server_says_offline(service: AccountService) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    account_id = service.add(draft(base_url=f"http://127.0.0.1:{port}"), Secret(TOKEN))
    result = service.test(account_id, timeout=2)
    assert not result.ok
    assert result.offline
    assert "offline, will retry" in result.message


def test_connection_test_without_a_stored_secret_says_so(service: AccountService) -> None:
    account_id = service.add(draft(), None)
    result = service.test(account_id)
    assert not result.ok
    assert "No token or password is stored" in result.message


def test_settings_are_tidied_and_the_communities_they_name_must_exist(
    service: AccountService, store: Store
) -> None:
    forum = CommunityService(store).create(CommunityDraft("Forum"))
    settings = {
        "categories": {" 5 ": str(forum)},
        "groups": {"staff": forum},
        "community_id": forum,
    }
    account_id = service.add(draft(platform="discourse", settings=settings), None)
    assert dict(service.get(account_id).settings) == {
        "categories": {"5": forum},
        "groups": {"staff": forum},
        "community_id": forum,
    }
    mastodon = service.add(draft(username="bob", settings={"hashtag": " #fediverse "}), None)
    assert dict(service.get(mastodon).settings) == {"hashtag": "fediverse"}
    with pytest.raises(ValidationError, match="no community") as caught:
        service.update(mastodon, draft(username="bob", settings={"community_id": forum + 1}))
    assert caught.value.field == "community_id"
    assert dict(service.get(mastodon).settings) == {"hashtag": "fediverse"}
