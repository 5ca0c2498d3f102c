"""The credential store against a real Secret Service (gnome-keyring in a private D-Bus session,
see tools/with_keyring.sh), the no-backend path, the timeout path and the opt-in encrypted file."""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk import credentials
from commdesk.credentials import (
    SERVICE,
    CredentialsError,
    CredentialStore,
    Secret,
    StoreKind,
)
from commdesk.services.accounts import AccountDraft, AccountService
from commdesk.store import Store
from tests.integration.keyrings import (
    REQUIRED,
    BlockingKeyring,
    LeakyKeyring,
    secret_service_reason,
)

TOKEN = "tok-secret-service-8d1f"

needs_secret_service = pytest.mark.skipif(
    secret_service_reason() is not None and not os.environ.get(REQUIRED),
    reason=f"needs a Secret Service: {secret_service_reason()}",
)


@pytest.fixture(autouse=True)
def fresh_choice() -> Iterator[None]:
    credentials.use_store(None)
    yield
    credentials.use_store(None)


def test_ci_runs_against_the_secret_service() -> None:
    """CI sets COMMDESK_REQUIRE_SECRET_SERVICE: there the keyring tests must not skip."""
    if not os.environ.get(REQUIRED):
        pytest.skip(f"{REQUIRED} is not set (only CI requires the Secret Service)")
    assert secret_service_reason() is None
    assert CredentialStore.detect().info().backend == "keyring.backends.SecretService.Keyring"


@needs_secret_service
def test_the_system_keyring_is_the_secret_service() -> None:
    info = CredentialStore.detect().info()
    assert info.kind is StoreKind.SYSTEM
    assert info.persistent
    assert info.backend == "keyring.backends.SecretService.Keyring"


@needs_secret_service
def test_secret_service_round_trip_rename_keeps_remove_deletes(store: Store) -> None:
    from keyring.core import load_keyring

    raw = load_keyring("keyring.backends.SecretService.Keyring")
    service = AccountService(store)  # the store the app detects: the Secret Service
    draft = AccountDraft("github", "https://github.com", "ada", label="Work")
    account_id = service.add(draft, Secret(TOKEN))
    key = service.get(account_id).credential_key
    assert raw.get_password(SERVICE, key) == TOKEN  # really in the Secret Service
    service.update(account_id, AccountDraft("github", "https://github.com", "ada", label="Home"))
    assert service.get(account_id).credential_key == key
    assert service.secret(account_id) == Secret(TOKEN)
    service.remove(account_id)
    assert raw.get_password(SERVICE, key) is None


@needs_secret_service
def test_secret_service_delete_of_a_missing_entry_is_not_an_error() -> None:
    assert CredentialStore.detect().delete(credentials.new_credential_key()) is False


@pytest.mark.parametrize(
    "backend",
    [
        "keyring.backends.fail.Keyring",
        "keyring.backends.null.Keyring",
        # A plain-text file backend is never used, even when named.
        "keyrings.cryptfile.file.PlaintextKeyring",
    ],
)
def test_without_a_keyring_secrets_are_kept_for_the_session_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, backend: str
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    store = credentials.current_store()
    info = store.info()
    assert info.kind is StoreKind.SESSION
    assert not info.persistent
    assert "secrets are kept for this session only" in info.description
    store.set("account-x", Secret(TOKEN))
    assert store.get("account-x") == Secret(TOKEN)
    assert CredentialStore.detect().get("account-x") is None  # a new session starts empty
    assert not (tmp_path / "xdg").exists()  # nothing written to disk


def test_a_locked_keyring_times_out_instead_of_blocking() -> None:
    ring = BlockingKeyring()
    store = CredentialStore(ring, StoreKind.SYSTEM, timeout=0.3)
    try:
        for call in (
            lambda: store.get("account-1"),
            lambda: store.set("account-1", Secret(TOKEN)),
            lambda: store.delete("account-1"),
        ):
            started = time.monotonic()
            with pytest.raises(CredentialsError, match=r"did not answer within 0\.3 s") as caught:
                call()
            assert time.monotonic() - started < 2
            assert TOKEN not in str(caught.value)
        assert ring.calls == 3
    finally:
        ring.release.set()


def test_keyring_errors_never_carry_the_secret() -> None:
    store = CredentialStore(LeakyKeyring(), StoreKind.SYSTEM, timeout=5)
    with pytest.raises(CredentialsError, match=r"could not store a secret \(OSError\)") as caught:
        store.set("account-1", Secret(TOKEN))
    assert TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_a_secret_shows_masked_and_is_not_pickled() -> None:
    secret = Secret(TOKEN)
    assert TOKEN not in repr(secret)
    assert TOKEN not in str(secret)
    assert TOKEN not in f"{secret} {[secret]} { ({'s': secret}) }"
    assert secret.reveal() == TOKEN
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_the_opt_in_encrypted_file_store(tmp_path: Path) -> None:
    path = tmp_path / "secrets.cfg"
    store = CredentialStore.encrypted_file(path, Secret("master pw"), work_factor=2)
    assert store.info().kind is StoreKind.ENCRYPTED_FILE
    assert str(path) in store.info().description
    store.set("account-1", Secret(TOKEN))
    assert TOKEN.encode() not in path.read_bytes()  # never plain text
    reopened = CredentialStore.encrypted_file(path, Secret("master pw"), work_factor=2)
    assert reopened.get("account-1") == Secret(TOKEN)
    with pytest.raises(CredentialsError, match="master password does not open"):
        CredentialStore.encrypted_file(path, Secret("wrong"), work_factor=2)
    with pytest.raises(CredentialsError, match="cannot be empty"):
        CredentialStore.encrypted_file(path, Secret(""), work_factor=2)
