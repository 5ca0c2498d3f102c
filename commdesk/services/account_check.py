"""Test connection: ask a platform's documented "who am I" endpoint whether a secret works.

Plain ``urllib`` GETs; the secret goes only into the request's header and never into a message.
The sync's connectors may offer their own test (``commdesk.sync.connector_for``); this is the
check used without them.

* Mastodon: ``GET /api/v1/accounts/verify_credentials`` with a bearer token → ``username``.
* Discourse: ``GET /session/current.json`` with ``Api-Key`` / ``Api-Username`` → ``current_user``.
* GitHub: ``GET /user`` on the API root (``https://api.github.com`` for github.com, else the URL
  given, e.g. ``https://ghe.example.com/api/v3``) with a bearer token → ``login``.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from commdesk import __version__
from commdesk.credentials import Secret
from commdesk.domain.enums import Platform

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class ConnectionResult:
    """What a connection test found, in words for a person. ``offline``: server unreachable."""

    ok: bool
    message: str
    offline: bool = False
    remote_user: str | None = None


def github_api_root(base_url: str) -> str:
    host = (urlsplit(base_url).hostname or "").lower()
    if host in ("github.com", "www.github.com"):
        return "https://api.github.com"
    return base_url.rstrip("/")


def _request(
    platform: Platform, base_url: str, username: str, secret: Secret
) -> urllib.request.Request:
    headers = {"Accept": "application/json", "User-Agent": f"CommDesk/{__version__}"}
    base = base_url.rstrip("/")
    if platform is Platform.MASTODON:
        url = f"{base}/api/v1/accounts/verify_credentials"
        headers["Authorization"] = f"Bearer {secret.reveal()}"
    elif platform is Platform.DISCOURSE:
        url = f"{base}/session/current.json"
        headers["Api-Key"] = secret.reveal()
        headers["Api-Username"] = username
    elif platform is Platform.GITHUB:
        url = f"{github_api_root(base)}/user"
        headers["Authorization"] = f"Bearer {secret.reveal()}"
        headers["Accept"] = "application/vnd.github+json"
    else:
        raise ValueError(f"CommDesk cannot connect to {platform.label} accounts")
    return urllib.request.Request(url, headers=headers, method="GET")


def _remote_user(platform: Platform, body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    if platform is Platform.DISCOURSE:
        body = body.get("current_user")
        return str(body["username"]) if isinstance(body, dict) and "username" in body else None
    key = "login" if platform is Platform.GITHUB else "username"
    return str(body[key]) if key in body else None


def check_account(
    platform: Platform,
    base_url: str,
    username: str,
    secret: Secret,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> ConnectionResult:
    """Ask the server who the secret belongs to; never raises for a network or server fault."""
    try:
        request = _request(platform, base_url, username, secret)
    except ValueError as exc:
        return ConnectionResult(False, str(exc))
    host = urlsplit(request.full_url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (401, 403):
            return ConnectionResult(
                False, f"{host} refused the token or password (HTTP {exc.code}): check it."
            )
        return ConnectionResult(False, f"{host} answered HTTP {exc.code} {exc.reason}.")
    except (OSError, http.client.HTTPException) as exc:  # URLError, timeouts, resets
        reason = getattr(exc, "reason", exc)
        return ConnectionResult(
            False, f"Cannot reach {host} ({reason}): offline, will retry.", offline=True
        )
    try:
        body = json.loads(raw)
    except ValueError:
        return ConnectionResult(False, f"{host} did not answer with JSON: is the URL right?")
    remote = _remote_user(platform, body)
    if remote is None:
        return ConnectionResult(False, f"{host} answered, but not as {platform.label} does.")
    if remote.lower().lstrip("@") != username.lower().lstrip("@"):
        return ConnectionResult(
            False,
            f"The secret belongs to {remote} on {host}, not to {username}.",
            remote_user=remote,
        )
    return ConnectionResult(True, f"Connected to {host} as {remote}.", remote_user=remote)
