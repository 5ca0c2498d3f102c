"""Keyring backends and checks the credential tests share (real backends, not mocks)."""

from __future__ import annotations

import os
import threading

from jaraco.classes import properties
from keyring.backend import KeyringBackend

# .ci/run sets this: there the Secret Service tests must run, not skip.
REQUIRED = "COMMDESK_REQUIRE_SECRET_SERVICE"


def secret_service_reason() -> str | None:
    """Why the real Secret Service is not usable here, or None when it is."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session: run the tests through tools/with_keyring.sh"
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # noqa: B018 - raises when no Secret Service answers
    except Exception as exc:
        return f"no Secret Service on this D-Bus session ({exc})"
    return None


class BlockingKeyring(KeyringBackend):
    """A keyring that never answers until released: a locked keyring waiting for its password."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only used when chosen explicitly")

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def _wait(self) -> None:
        self.calls += 1
        self.release.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()

    def delete_password(self, service: str, username: str) -> None:
        self._wait()


class LeakyKeyring(KeyringBackend):
    """A keyring whose errors repeat what it was given, as some backends' messages do."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only used when chosen explicitly")

    def __init__(self) -> None:
        self.attempts = 0

    def get_password(self, service: str, username: str) -> str | None:
        raise OSError(f"cannot read {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError(f"refused to store {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise OSError("refused")
