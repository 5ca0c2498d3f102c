"""The errors a person can cause, with messages they can act on.

The GUI shows them; the command line prints them and exits non-zero.
"""

from __future__ import annotations


class CommDeskError(Exception):
    """Base of every error CommDesk reports to a person."""

    exit_code = 1


class StoreError(CommDeskError):
    """The database cannot be opened or used (missing folder, not a database, damaged...)."""

    exit_code = 2


class NewerSchemaError(StoreError):
    """The database was written by a newer CommDesk."""


class ValidationError(CommDeskError):
    """A value was refused; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(CommDeskError):
    """A record asked for by id or name does not exist."""
