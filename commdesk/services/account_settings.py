"""The settings of a sync account: what each platform's sync reads, checked before it is stored.

    mastodon:   hashtag      a tag whose posts are synced ("fediverse"; a leading # is dropped)
    discourse:  categories   {"<category id>": <community id>}: where each category's posts go
                groups       {"<group name>": <community id>}: whose members join which community
    github:     org          an organisation whose members are synced ("acme")
                repository   a repository whose issues and pull requests are synced ("acme/widgets")
    any:        community_id where activities go when nothing above says

A refusal names the setting (``ValidationError.field``); other keys are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commdesk.domain import Community
from commdesk.domain.enums import Platform
from commdesk.errors import ValidationError

HASHTAG = re.compile(r"^\w{1,100}$")  # Mastodon: letters, digits and underscores
ORGANISATION = re.compile(r"^[\w.-]{1,100}$")
REPOSITORY = re.compile(r"^[\w.-]{1,100}/[\w.-]{1,100}$")
GROUP = re.compile(r"^[\w.-]{1,100}$")  # Discourse group names
CATEGORY = re.compile(r"^[1-9][0-9]{0,9}$")  # Discourse category ids

PLATFORM_SETTINGS: dict[Platform, tuple[str, ...]] = {
    Platform.MASTODON: ("hashtag",),
    Platform.DISCOURSE: ("categories", "groups"),
    Platform.GITHUB: ("org", "repository"),
}


def clean_settings(
    session: Session, platform: Platform, settings: Mapping[str, Any]
) -> dict[str, Any]:
    """``settings`` checked for ``platform`` and tidied; a community named must exist."""
    cleaned = dict(settings)
    for owner, keys in PLATFORM_SETTINGS.items():
        for key in keys:
            if owner is not platform and cleaned.get(key) not in (None, "", {}):
                raise ValidationError(
                    key, f"is a {owner.label} setting; this is a {platform.label} account"
                )
    if cleaned.get("hashtag"):
        cleaned["hashtag"] = _matching("hashtag", cleaned["hashtag"], HASHTAG, "a word", "#")
    if cleaned.get("org"):
        cleaned["org"] = _matching("org", cleaned["org"], ORGANISATION, "an organisation (acme)")
    if cleaned.get("repository"):
        cleaned["repository"] = _matching(
            "repository", cleaned["repository"], REPOSITORY, "owner/name (acme/widgets)"
        )
    wanted: dict[int, str] = {}  # community id -> the setting that names it
    for key, pattern, what in (
        ("categories", CATEGORY, "a category id"),
        ("groups", GROUP, "a group name"),
    ):
        if cleaned.get(key):
            cleaned[key] = _community_map(key, cleaned[key], pattern, what, wanted)
    if cleaned.get("community_id") not in (None, ""):
        community = _community_id("community_id", cleaned["community_id"])
        cleaned["community_id"] = community
        wanted.setdefault(community, "community_id")
    if wanted:
        found = set(session.scalars(select(Community.id).where(Community.id.in_(list(wanted)))))
        for community, key in wanted.items():
            if community not in found:
                raise ValidationError(key, f"there is no community {community}")
    return cleaned


def _matching(key: str, value: Any, pattern: re.Pattern[str], what: str, strip: str = "") -> str:
    text = str(value).strip()
    if strip:
        text = text.removeprefix(strip)
    if not isinstance(value, str) or not pattern.match(text):
        raise ValidationError(key, f"{value!r} is not {what}")
    return text


def _community_map(
    key: str, value: Any, pattern: re.Pattern[str], what: str, wanted: dict[int, str]
) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValidationError(key, "must map each entry to a community id")
    mapping: dict[str, int] = {}
    for name, community in value.items():
        entry = str(name).strip()
        if not pattern.match(entry):
            raise ValidationError(key, f"{name!r} is not {what}")
        mapping[entry] = _community_id(key, community)
        wanted.setdefault(mapping[entry], key)
    return mapping


def _community_id(key: str, value: Any) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValidationError(key, f"{value!r} is not a community id (a whole number)")
    return int(text)
