"""Server addresses: https only; plain http only for this computer; clear field errors."""

from __future__ import annotations

import pytest

from commdesk.errors import ValidationError
from commdesk.services.accounts import server_url


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://mastodon.social", "https://mastodon.social"),
        ("  HTTPS://Forum.Example.org/  ", "https://forum.example.org"),
        ("https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3"),
        ("https://example.org:8443", "https://example.org:8443"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://[::1]:9000", "http://[::1]:9000"),
        ("http://127.0.0.2", "http://127.0.0.2"),
    ],
)
def test_accepted_addresses_are_normalised(typed: str, kept: str) -> None:
    assert server_url("url", typed) == kept


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("http://mastodon.social", "plain http:// is only accepted for this computer"),
        ("http://192.168.1.10", "plain http:// is only accepted for this computer"),
        ("ftp://example.org", "is not a server address"),
        ("mastodon.social", "is not a server address"),
        ("https://", "is not a server address"),
        ("", "must not be empty"),
        ("https://user:hunter2@example.org", "must not contain a user name or password"),
        ("https://example.org/?token=abc", "must not contain a query"),
        ("https://example.org:99999", "invalid port"),
    ],
)
def test_refused_addresses_name_the_field_and_say_why(typed: str, complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint) as caught:
        server_url("url", typed)
    assert caught.value.field == "url"
    assert "hunter2" not in str(caught.value)  # a password typed into the URL is not echoed
