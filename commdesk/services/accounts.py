"""Platform accounts: add, edit, remove, test. The secret goes to the keyring, never the database.

Each account row holds a ``credential_key``, made once when the account is added; the secret is
stored under it in :mod:`commdesk.credentials`. Renaming keeps the key (and so the secret);
removing the account removes its keyring entry.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from commdesk import credentials
from commdesk.credentials import CredentialsError, CredentialStore, Secret
from commdesk.domain import PlatformAccount
from commdesk.domain.enums import Platform
from commdesk.domain.platforms import SYNCABLE_PLATFORMS, SyncStatus
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import validation
from commdesk.services.account_check import ConnectionResult, check_account
from commdesk.services.account_settings import clean_settings
from commdesk.store import Store

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class AccountDraft:
    """What the account dialog (or ``commdesk accounts add``) submits. No secret in here."""

    platform: Platform | str
    base_url: str
    username: str
    label: str | None = None
    sync_interval_minutes: int | None = None
    settings: Mapping[str, Any] | None = None  # None on edit: keep what is stored


@dataclass(frozen=True)
class AccountRecord:
    id: int
    platform: Platform
    label: str
    base_url: str
    username: str
    credential_key: str
    last_sync_at: datetime | None
    sync_status: SyncStatus
    last_error: str | None
    sync_interval_minutes: int | None
    settings: Mapping[str, Any] = field(default_factory=dict)


def server_url(field_name: str, value: str | None) -> str:
    """A server's address: ``https://`` (``http://`` only for this computer), no path noise."""
    text = validation.required_text(field_name, value, max_length=500)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(field_name, f"{text!r} is not a server address (https://...)")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            field_name, "must not contain a user name or password: the secret is asked apart"
        )
    if parts.query or parts.fragment:
        raise ValidationError(field_name, "must not contain a query (?...) or fragment (#...)")
    host = parts.hostname.lower()
    if scheme == "http" and not _is_this_computer(host):
        raise ValidationError(
            field_name,
            f"plain http:// is only accepted for this computer; use https://{parts.netloc}",
        )
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(field_name, f"{text!r} has an invalid port") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def _is_this_computer(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _interval(value: int | None) -> int | None:
    if value is None or value == 0:
        return None
    if not 5 <= value <= 7 * 24 * 60:
        raise ValidationError("sync_interval_minutes", "must be between 5 and 10080 minutes")
    return value


def _settings_json(settings: Mapping[str, Any]) -> str | None:
    try:
        return json.dumps(dict(settings), sort_keys=True) if settings else None
    except (TypeError, ValueError):
        raise ValidationError("settings", "must be plain values (text, numbers, lists)") from None


def _record(account: PlatformAccount) -> AccountRecord:
    return AccountRecord(
        id=account.id,
        platform=account.platform,
        label=account.label,
        base_url=account.base_url,
        username=account.username,
        credential_key=account.credential_key,
        last_sync_at=account.last_sync_at,
        sync_status=account.sync_status,
        last_error=account.last_error,
        sync_interval_minutes=account.sync_interval_minutes,
        settings=json.loads(account.settings) if account.settings else {},
    )


class AccountService:
    """The accounts the sync works with, and their secrets (through :mod:`commdesk.credentials`)."""

    def __init__(self, store: Store, secrets: CredentialStore | None = None) -> None:
        self.store = store
        self._secrets = secrets

    @property
    def secrets(self) -> CredentialStore:
        return self._secrets or credentials.current_store()

    def accounts(self) -> list[AccountRecord]:
        """Every account, by label (a person has a handful, not thousands)."""
        with self.store.read() as session:
            query = select(PlatformAccount).order_by(PlatformAccount.label, PlatformAccount.id)
            return [_record(account) for account in session.scalars(query)]

    def get(self, account_id: int) -> AccountRecord:
        with self.store.read() as session:
            return _record(_load(session, account_id))

    def add(self, draft: AccountDraft, secret: Secret | None) -> int:
        """Store the secret under a new key, then the account; neither without the other."""
        values = self.validate(draft)
        values.setdefault("settings", None)
        key = credentials.new_credential_key()
        with self.store.read() as session:
            self._refuse_duplicate(session, values, None)
        if secret:
            self.secrets.set(key, secret)
        try:
            with self.store.session() as session:
                account = PlatformAccount(credential_key=key, **values)
                session.add(account)
                session.flush()
                account_id = account.id
        except Exception:
            if secret:
                self.secrets.delete(key)
            raise
        log.info("Added %s account %d (%s).", values["platform"].value, account_id, key)
        return account_id

    def update(self, account_id: int, draft: AccountDraft, secret: Secret | None = None) -> None:
        """Change the account's fields (its credential key stays); a new secret replaces the old."""
        values = self.validate(draft)  # with the settings only when the draft has them
        with self.store.session() as session:
            account = _load(session, account_id)
            self._refuse_duplicate(session, values, account_id)
            if secret:
                self.secrets.set(account.credential_key, secret)
            for name, value in values.items():
                setattr(account, name, value)

    def remove(self, account_id: int) -> None:
        """Remove the account and its keyring entry (the keyring first: a refusal changes nothing)."""
        key = self.get(account_id).credential_key
        self.secrets.delete(key)
        with self.store.session() as session:
            session.delete(_load(session, account_id))
        log.info("Removed account %d and its secret %s.", account_id, key)

    def secret(self, account_id: int) -> Secret | None:
        return self.secrets.get(self.get(account_id).credential_key)

    def set_secret(self, account_id: int, secret: Secret) -> None:
        self.secrets.set(self.get(account_id).credential_key, secret)

    def test(self, account_id: int, *, timeout: float = 10.0) -> ConnectionResult:
        """Ask the server whether the stored secret works (never raises for a network fault)."""
        account = self.get(account_id)
        if account.platform not in SYNCABLE_PLATFORMS:
            return ConnectionResult(False, f"CommDesk cannot connect to {account.platform.label}.")
        try:
            secret = self.secrets.get(account.credential_key)
        except CredentialsError as exc:
            return ConnectionResult(False, str(exc))
        if secret is None:
            return ConnectionResult(
                False, "No token or password is stored for this account: edit it to add one."
            )
        return check_account(
            account.platform, account.base_url, account.username, secret, timeout=timeout
        )

    def validate(self, draft: AccountDraft) -> dict[str, Any]:
        """The draft's cleaned fields (the settings as JSON, when the draft has them); a
        ValidationError names the first field refused (a setting by its key)."""
        platform = validation.enum_value("platform", Platform, draft.platform)
        if platform not in SYNCABLE_PLATFORMS:
            names = ", ".join(p.value for p in SYNCABLE_PLATFORMS)
            raise ValidationError(
                "platform", f"{platform.value!r} cannot be synced (choose {names})"
            )
        base_url = server_url("url", draft.base_url)
        username = validation.required_text("username", draft.username)
        host = urlsplit(base_url).netloc
        label = validation.optional_text("label", draft.label) or f"{username} on {host}"
        values: dict[str, Any] = {
            "platform": platform,
            "base_url": base_url,
            "username": username,
            "label": label,
            "sync_interval_minutes": _interval(draft.sync_interval_minutes),
        }
        if draft.settings is not None:
            with self.store.read() as session:  # the communities they name must exist
                values["settings"] = _settings_json(
                    clean_settings(session, platform, draft.settings)
                )
        return values

    @staticmethod
    def _refuse_duplicate(session: Session, values: dict[str, Any], own_id: int | None) -> None:
        query = select(PlatformAccount.id).where(
            PlatformAccount.platform == values["platform"],
            PlatformAccount.base_url == values["base_url"],
            PlatformAccount.username == values["username"],
        )
        existing = session.scalar(query)
        if existing is not None and existing != own_id:
            raise ValidationError(
                "username",
                f"{values['username']} on {values['base_url']} is already account {existing}",
            )


def _load(session: Session, account_id: int) -> PlatformAccount:
    account = session.get(PlatformAccount, account_id)
    if account is None:
        raise NotFoundError(f"There is no platform account {account_id}.")
    return account
