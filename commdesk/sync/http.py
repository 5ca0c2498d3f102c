"""The one HTTP door of the sync, on httpx: JSON pages, Link pagination, rate limits, timeouts.

- A request that cannot reach the server (refused, DNS failure, timeout) raises
  :class:`SyncOffline`; a reply that is not the JSON we asked for raises :class:`SyncError`
  naming the endpoint.
- ``429`` and GitHub's exhausted ``X-RateLimit-Remaining`` are waited out (``Retry-After``, or
  the ``X-RateLimit-Reset`` time), at most ``max_wait`` seconds, in short slices so that Cancel
  is noticed; a longer wait raises :class:`RateLimited`. Brief server errors (502-504) are
  retried with a capped back-off.
- Links to another server are refused: the credentials go to the account's server only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from commdesk.sync.errors import (
    HttpStatusError,
    RateLimited,
    SyncCancelled,
    SyncError,
    SyncOffline,
)
from commdesk.sync.records import ProgressFn

DEFAULT_TIMEOUT = 20.0  # seconds per connect/read
DEFAULT_MAX_WAIT = 120.0  # the longest rate-limit wait inside one sync
ATTEMPTS = 4  # tries of one request through rate limits and brief server errors
RETRYABLE = {502, 503, 504}
WAIT_SLICE = 0.1  # seconds between checks for Cancel while waiting


@dataclass(frozen=True, slots=True)
class JsonReply:
    data: Any
    links: dict[str, str]  # rel -> absolute URL, from the Link header
    headers: httpx.Headers


class HttpClient:
    """GET JSON from one platform server with the account's credentials."""

    def __init__(
        self,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_wait: float = DEFAULT_MAX_WAIT,
        progress: ProgressFn | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._origin = _origin(self.base_url)
        self._client = httpx.Client(
            headers={"Accept": "application/json", **(headers or {})},
            timeout=timeout,
            follow_redirects=False,
        )
        self.max_wait = max_wait
        self._progress = progress
        self._clock = clock
        self._not_before = 0.0  # set when the server said the quota is spent until then

    @property
    def origin(self) -> str:
        return self._origin

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        """An absolute URL on the account's server, for a path or an absolute link."""
        if path.startswith(("http://", "https://")):
            if _origin(path) != self._origin:
                raise SyncError(
                    f"{self._origin} sent a link to another server ({_origin(path)}); not followed."
                )
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def get(
        self,
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> JsonReply:
        """GET ``path`` (relative to the server, or an absolute link on it) as JSON."""
        url = self.url(path)
        endpoint = urlsplit(url).path or "/"
        for attempt in range(1, ATTEMPTS + 1):
            self._wait_until(self._not_before, endpoint)
            response = self._send(url, params, headers, endpoint)
            wait = self._retry_after(response)
            if wait is None and response.status_code in RETRYABLE and attempt < ATTEMPTS:
                wait = min(2.0 ** (attempt - 1), 8.0)
            if wait is None:
                return self._reply(response, endpoint)
            if attempt == ATTEMPTS:
                break
            if wait > self.max_wait:
                raise RateLimited(
                    f"{self._origin} limits requests: try again after "
                    f"{_clock_time(self._clock() + wait)} ({endpoint})."
                )
            self._wait_until(self._clock() + wait, endpoint)
        raise SyncError(f"{self._origin} kept refusing {endpoint} (HTTP {response.status_code}).")

    def _send(
        self,
        url: str,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
        endpoint: str,
    ) -> httpx.Response:
        try:
            return self._client.get(url, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise SyncOffline(
                f"{self._origin} did not answer in time ({endpoint}): offline, will retry."
            ) from exc
        except httpx.TransportError as exc:
            raise SyncOffline(
                f"{self._origin} cannot be reached ({_reason(exc)}): offline, will retry."
            ) from exc

    def _retry_after(self, response: httpx.Response) -> float | None:
        """Seconds to wait before repeating this request, or None if it needs no repeat."""
        headers = response.headers
        remaining = headers.get("X-RateLimit-Remaining")
        reset = _reset_time(headers.get("X-RateLimit-Reset"))
        limited = response.status_code == 429 or (response.status_code == 403 and remaining == "0")
        if not limited:
            if remaining == "0" and reset is not None:
                self._not_before = reset  # this reply is good; the next one must wait
            return None
        retry_after = _retry_after_seconds(headers.get("Retry-After"), self._clock())
        if retry_after is not None:
            return retry_after
        if reset is not None:
            return max(reset - self._clock(), 0.0) + 1.0
        return 60.0  # a 429 without a hint: GitHub's documented minimum for secondary limits

    def _reply(self, response: httpx.Response, endpoint: str) -> JsonReply:
        status = response.status_code
        if status in (401, 403):
            raise HttpStatusError(
                status,
                f"{self._origin} refused the account's credentials for {endpoint} "
                f"(HTTP {status}); check the token in the account settings.",
            )
        if 300 <= status < 400:
            where = response.headers.get("Location", "elsewhere")
            raise HttpStatusError(
                status,
                f"{self._origin} redirects {endpoint} to {where}; check the account's server URL.",
            )
        if status == 404:
            raise HttpStatusError(
                status, f"{self._origin} has no {endpoint} (HTTP 404); check the settings."
            )
        if status >= 400:
            raise HttpStatusError(status, f"{self._origin} answered HTTP {status} for {endpoint}.")
        try:
            data = json.loads(response.content)
        except ValueError as exc:
            raise SyncError(
                f"{self._origin} sent malformed JSON for {endpoint}: {exc.args[0]}."
            ) from exc
        links = {
            rel: self.url(str(link["url"]))
            for rel, link in response.links.items()
            if rel is not None and "url" in link
        }
        return JsonReply(data, links, response.headers)

    def _wait_until(self, moment: float, endpoint: str) -> None:
        while (left := moment - self._clock()) > 0:
            message = f"Rate limited by {self._origin}: waiting {left:.0f} s ({endpoint})"
            if self._progress is not None and not self._progress(None, message):
                raise SyncCancelled("Sync cancelled while waiting for the rate limit.")
            time.sleep(min(WAIT_SLICE, left))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _reason(exc: httpx.TransportError) -> str:
    text = str(exc).strip()
    return text.split("] ")[-1] if text else type(exc).__name__


def _reset_time(value: str | None) -> float | None:
    """GitHub sends epoch seconds; Mastodon an ISO 8601 time."""
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return None


def _clock_time(moment: float) -> str:
    return datetime.fromtimestamp(moment).strftime("%H:%M")
