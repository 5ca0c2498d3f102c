"""The platform export files community managers actually have, recognised by their header
and mapped without asking.

Shapes as the platforms document and produce them:

- LinkedIn "Connections.csv" (Settings > Data privacy > Get a copy of your data): a "Notes:"
  preamble, a blank line, then ``First Name, Last Name, URL, Email Address, Company,
  Position, Connected On``.
- Mastodon follows / followers / mutes ("following_accounts.csv" from Preferences > Import
  and export > Data export): ``Account address, Show boosts, Notify on new posts, Languages``.
- Meetup member list (Members > Download member list): ``Name, Member ID, Title, Location,
  Joined Group on, ..., Intro, Photo, Assistant Organizer, Mailing List, URL of Member
  Profile``.
- Discourse user list (Admin > Users > Export): ``id, name, username, email, title,
  created_at, ..., secondary_emails, ..., location, website, ...``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commdesk.domain.enums import Platform
from commdesk.io.importing.fields import Mapping, handle_key, normalise


@dataclass(frozen=True)
class KnownFormat:
    name: str
    platform: Platform
    signature: frozenset[str]  # normalised headers that must all be present
    columns: dict[str, str]  # normalised header -> field key; other columns are ignored

    def mapping(self, header: Sequence[str]) -> Mapping:
        return [self.columns.get(normalise(cell)) for cell in header]


def _format(name: str, platform: Platform, signature: str, columns: dict[str, str]) -> KnownFormat:
    return KnownFormat(
        name,
        platform,
        frozenset(normalise(h) for h in signature.split("|")),
        {normalise(h): key for h, key in columns.items()},
    )


KNOWN_FORMATS: tuple[KnownFormat, ...] = (
    _format(
        "LinkedIn connections",
        Platform.LINKEDIN,
        "First Name|Last Name|URL|Connected On",
        {
            "First Name": "first_name",
            "Last Name": "last_name",
            "URL": handle_key(Platform.LINKEDIN),
            "Email Address": "email",
            "Company": "organisation",
            "Position": "job_title",
        },
    ),
    _format(
        "Mastodon follows or followers",
        Platform.MASTODON,
        "Account address",
        {"Account address": handle_key(Platform.MASTODON)},
    ),
    _format(
        "Meetup member list",
        Platform.MEETUP,
        "Name|Member ID|Joined Group on",
        {
            "Name": "name",
            "Member ID": handle_key(Platform.MEETUP),
            "Location": "location",
            "Intro": "notes",
        },
    ),
    _format(
        "Discourse user list",
        Platform.DISCOURSE,
        "username|trust_level|last_seen_at",
        {
            "name": "name",
            "username": handle_key(Platform.DISCOURSE),
            "email": "email",
            "secondary_emails": "email",
            "title": "job_title",
            "location": "location",
        },
    ),
)


def recognise(header: Sequence[str]) -> KnownFormat | None:
    """The known format whose signature columns ``header`` has, if any."""
    present = {normalise(cell) for cell in header}
    for known in KNOWN_FORMATS:
        if known.signature <= present:
            return known
    return None


def header_score(cells: list[str]) -> int:
    """How many of a row's cells the known format it matches knows (0: it matches none).

    Counted like any other header (the caller lets a known format win a tie), never a flat
    bonus: a format's one-column signature ("Account address") can be any text in a data
    row, such as a person's name, and that row must not outrank the real header above it.
    """
    known = recognise(cells)
    if known is None:
        return 0
    names = known.signature | known.columns.keys()
    return sum(1 for cell in cells if normalise(cell) in names)
