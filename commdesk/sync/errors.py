"""What can go wrong in a sync, as errors a person can act on (never holding a secret)."""

from __future__ import annotations

from commdesk.errors import CommDeskError


class SyncError(CommDeskError):
    """A sync stopped: the server refused, answered nonsense, or the data could not be stored.

    What was stored before the error stays stored; the next sync resumes from the cursor.
    """


class HttpStatusError(SyncError):
    """The server answered with an HTTP error status (kept in ``status``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class SyncOffline(SyncError):
    """The server could not be reached (no network, DNS failure, refused, timed out).

    Not a fault of the account: it is shown as "offline, will retry".
    """

    exit_code = 3


class RateLimited(SyncError):
    """The server asked us to wait longer than we are willing to wait in one sync."""


class SyncCancelled(SyncError):
    """The person cancelled the sync; what was stored so far stays stored."""
