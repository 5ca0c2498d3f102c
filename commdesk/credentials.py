"""The one door to the OS keyring: where account secrets (tokens, passwords) live.

The database keeps only a *credential key* per account (``account-<uuid>``, stored in the account
row so renaming an account keeps its secret). Every keyring call runs in a worker thread with a
deadline, so a locked keyring or an unlock prompt never blocks the caller for ever: it raises a
:class:`CredentialsError` instead.

Which store holds the secrets, in order:

* the operating system's keyring (Secret Service / KWallet, macOS Keychain, Windows Credential
  Locker) found by the ``keyring`` library — or the one named by ``PYTHON_KEYRING_BACKEND``;
* otherwise a **session-only** store in this process's memory, reported plainly (the secrets are
  forgotten when CommDesk quits);
* on request, an encrypted file protected by a master password (``keyrings.cryptfile``: Argon2 key
  derivation, AES-GCM). Plain-text file backends are never used.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from commdesk import paths
from commdesk.errors import CommDeskError

SERVICE = "CommDesk"
ENCRYPTED_FILE_NAME = "credentials.cfg"
DEFAULT_TIMEOUT = 10.0
MASK = "••••••••"

log = logging.getLogger(__name__)
T = TypeVar("T")

# Only the keyring library's own OS backends count as "the system keyring"; its fail/null/chainer
# backends mean "none", and third-party file backends (some keep plain text) are never picked.
_NOT_A_KEYRING = {"keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer"}


class CredentialsError(CommDeskError):
    """The keyring could not store, read or remove a secret (locked, timed out, refused...)."""


class Secret:
    """A token or password. Its repr and str are masked; only :meth:`reveal` gives the text."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not pickled")


class StoreKind(enum.Enum):
    SYSTEM = "system"
    SESSION = "session"
    ENCRYPTED_FILE = "encrypted file"


@dataclass(frozen=True)
class StoreInfo:
    """What holds the secrets now, in words a person can read."""

    kind: StoreKind
    backend: str  # the backend's class, e.g. "keyring.backends.SecretService.Keyring"
    description: str

    @property
    def persistent(self) -> bool:
        return self.kind is not StoreKind.SESSION


def new_credential_key() -> str:
    """A fresh, stable key for one account's secret (never derived from its label)."""
    return f"account-{uuid.uuid4().hex}"


class SessionKeyring(KeyringBackend):
    """Secrets held in this process's memory only: what CommDesk uses when no keyring exists."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable for keyring's own selection: CommDesk picks it explicitly.
        raise RuntimeError("the session store is only used when chosen explicitly")

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            if self._values.pop((service, username), None) is None:
                raise PasswordDeleteError("no such secret")


def _qualified_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_system_keyring(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return module.startswith("keyring.backends.") and module not in _NOT_A_KEYRING


def _detect_system_keyring() -> KeyringBackend | None:
    """The OS keyring to use, or None. ``PYTHON_KEYRING_BACKEND`` wins when set."""
    import keyring.core
    from keyring.backend import get_all_keyring

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        try:
            chosen = keyring.core.load_env()
        except Exception as exc:  # a bad name or an unusable backend: say so, fall back
            log.warning("PYTHON_KEYRING_BACKEND is not usable: %s", exc)
            return None
        return chosen if chosen is not None and _is_system_keyring(chosen) else None
    candidates = [ring for ring in get_all_keyring() if _is_system_keyring(ring)]
    if not candidates:
        return None
    return max(candidates, key=lambda ring: float(ring.priority))


def _call_with_deadline(what: str, timeout: float, fn: Callable[[], T]) -> T:
    """Run ``fn`` in a daemon thread; give up after ``timeout`` seconds with a CredentialsError.

    A daemon thread, so that a keyring call stuck on an unlock prompt cannot keep the app from
    quitting; its late result is dropped.
    """
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=work, name=f"keyring {what}", daemon=True).start()
    if not finished.wait(timeout):
        raise CredentialsError(
            f"The keyring did not answer within {timeout:g} s while trying to {what}. "
            "It may be locked and waiting for its password: unlock it and try again."
        )
    if "error" in outcome:
        error: BaseException = outcome["error"]
        if isinstance(error, CredentialsError):
            raise error
        # Only the exception's kind is reported: a backend's message could echo what it was given.
        raise CredentialsError(f"The keyring could not {what} ({type(error).__name__}).") from None
    value: T = outcome["value"]
    return value


class CredentialStore:
    """Get, set and delete account secrets in one keyring backend, each call with a deadline."""

    def __init__(
        self, backend: KeyringBackend, kind: StoreKind, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self._backend = backend
        self.kind = kind
        self.timeout = timeout

    @classmethod
    def detect(cls, *, timeout: float = DEFAULT_TIMEOUT) -> CredentialStore:
        """The OS keyring if there is one, else a session-only store (never plain text)."""
        try:
            found = _call_with_deadline("find the system keyring", timeout, _detect_system_keyring)
        except CredentialsError as exc:
            log.warning("No system keyring: %s", exc)
            found = None
        if found is None:
            log.warning("No usable system keyring: secrets are kept for this session only.")
            return cls(SessionKeyring(), StoreKind.SESSION, timeout=timeout)
        log.info("Secrets are kept in %s.", _qualified_name(found))
        return cls(found, StoreKind.SYSTEM, timeout=timeout)

    @classmethod
    def session_only(cls, *, timeout: float = DEFAULT_TIMEOUT) -> CredentialStore:
        return cls(SessionKeyring(), StoreKind.SESSION, timeout=timeout)

    @classmethod
    def encrypted_file(
        cls, path: Path, master_password: Secret, *, timeout: float = 60.0, work_factor: int = 15
    ) -> CredentialStore:
        """Open (or create) an encrypted credential file. A wrong password is a CredentialsError.

        ``work_factor`` is Argon2's time cost; the default is the library's (a second or so).
        """
        if not master_password:
            raise CredentialsError("The master password of the encrypted store cannot be empty.")

        def open_file() -> KeyringBackend:
            from keyrings.cryptfile.cryptfile import CryptFileKeyring

            ring: Any = CryptFileKeyring()
            ring.time_cost = work_factor
            ring.file_path = str(path)
            try:
                ring.keyring_key = master_password.reveal()
            except ValueError:
                raise CredentialsError(
                    f"The master password does not open the encrypted store {path}."
                ) from None
            return cast(KeyringBackend, ring)

        ring = _call_with_deadline("open the encrypted store", timeout, open_file)
        return cls(ring, StoreKind.ENCRYPTED_FILE, timeout=timeout)

    def info(self) -> StoreInfo:
        name = _qualified_name(self._backend)
        if self.kind is StoreKind.SYSTEM:
            text = f"Secrets are kept in the system keyring ({type(self._backend).__module__})."
        elif self.kind is StoreKind.ENCRYPTED_FILE:
            where = getattr(self._backend, "file_path", "a file")
            text = (
                f"Secrets are kept in an encrypted file protected by a master password ({where})."
            )
        else:
            text = (
                "No system keyring is available: secrets are kept for this session only and "
                "forgotten when CommDesk quits."
            )
        return StoreInfo(self.kind, name, text)

    def get(self, key: str) -> Secret | None:
        value = _call_with_deadline(
            "read a secret", self.timeout, lambda: self._backend.get_password(SERVICE, key)
        )
        return None if value is None else Secret(value)

    def set(self, key: str, secret: Secret) -> None:
        if not secret:
            raise CredentialsError("An empty secret is not stored.")
        _call_with_deadline(
            "store a secret",
            self.timeout,
            lambda: self._backend.set_password(SERVICE, key, secret.reveal()),
        )
        log.info("Stored the secret %s in %s.", key, self.kind.value)

    def delete(self, key: str) -> bool:
        """Remove the secret; False when there was none."""

        def remove() -> bool:
            try:
                self._backend.delete_password(SERVICE, key)
            except PasswordDeleteError:
                return False
            return True

        removed = _call_with_deadline("remove a secret", self.timeout, remove)
        log.info("Removed the secret %s (%s).", key, "found" if removed else "none stored")
        return removed


def encrypted_file_path() -> Path:
    """Where the opt-in encrypted store lives; its existence is the person's choice of it."""
    return paths.data_dir() / ENCRYPTED_FILE_NAME


def encrypted_file_chosen() -> bool:
    return encrypted_file_path().is_file()


class _CurrentStore:
    """The process-wide choice, detected on first use (a holder instead of a module global)."""

    store: CredentialStore | None = None
    lock = threading.Lock()


def current_store() -> CredentialStore:
    """The store this process uses, detected on first use."""
    with _CurrentStore.lock:
        if _CurrentStore.store is None:
            _CurrentStore.store = CredentialStore.detect()
        return _CurrentStore.store


def use_store(store: CredentialStore | None) -> None:
    """Switch the store (the opt-in encrypted file, a test's); None detects again on next use."""
    with _CurrentStore.lock:
        _CurrentStore.store = store
