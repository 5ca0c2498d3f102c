"""The field checks every service applies: each refusal names the field to fix."""

from __future__ import annotations

from datetime import date

import pytest

from commdesk.domain.enums import ActivityKind, Platform, StakeholderRole
from commdesk.errors import CommDeskError, ValidationError
from commdesk.services import validation


def test_validation_error_names_the_field_and_is_a_commdesk_error() -> None:
    error = ValidationError("email", "is not an email address")
    assert isinstance(error, CommDeskError)
    assert error.exit_code == 1
    assert error.field == "email"
    assert error.message == "is not an email address"
    assert str(error) == "email: is not an email address"


# --- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ann", "Ann"), ("  Ann Lee \n", "Ann Lee"), ("\u3000Zoë\t", "Zoë"), ("a" * 200, "a" * 200)],
)
def test_required_text_strips_and_accepts(value: str, expected: str) -> None:
    assert validation.required_text("name", value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t", "\u3000\u00a0"])
def test_required_text_refuses_empty(value: str | None) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.required_text("name", value)
    assert caught.value.field == "name"
    assert "empty" in caught.value.message


def test_required_text_refuses_too_long_after_stripping() -> None:
    assert validation.required_text("title", "  " + "x" * 10 + "  ", max_length=10) == "x" * 10
    with pytest.raises(ValidationError) as caught:
        validation.required_text("title", "x" * 11, max_length=10)
    assert caught.value.field == "title"
    assert "10" in caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), ("", None), ("  ", None), (" x ", "x")]
)
def test_optional_text(value: str | None, expected: str | None) -> None:
    assert validation.optional_text("notes", value) == expected


def test_optional_text_refuses_too_long() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.optional_text("phone", "1" * 51, max_length=50)
    assert caught.value.field == "phone"


# --- email and web addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ann@example.org", "ann@example.org"),
        ("  Ann.Lee+news@Example.ORG ", "ann.lee+news@example.org"),
        ("a@b.co", "a@b.co"),
    ],
)
def test_email_normalises(value: str, expected: str) -> None:
    assert validation.email("email", value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "ann",
        "ann@",
        "@example.org",
        "ann@example",
        "ann lee@example.org",
        "a@b@c.org",
        "a@b.c\nd",
    ],
)
def test_email_refuses(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.email("email", value)
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("https://example.org/x", "https://example.org/x"),
        (" http://example.org ", "http://example.org"),
    ],
)
def test_url_accepts(value: str | None, expected: str | None) -> None:
    assert validation.url("website", value) == expected


@pytest.mark.parametrize(
    "value", ["example.org", "ftp://example.org", "javascript:alert(1)", "https://", "mailto:a@b.c"]
)
def test_url_refuses(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validation.url("website", value)
    assert caught.value.field == "website"


# --- enumerations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["event_attendance", "Event attendance", "EVENT-ATTENDANCE", " event attendance "]
)
def test_enum_value_accepts_values_and_labels(value: str) -> None:
    assert validation.enum_value("kind", ActivityKind, value) is ActivityKind.EVENT_ATTENDANCE


def test_enum_value_passes_members_through() -> None:
    assert validation.enum_value("platform", Platform, Platform.GITHUB) is Platform.GITHUB
    assert validation.enum_value("platform", Platform, "GitHub") is Platform.GITHUB


def test_enum_value_refuses_unknown_and_lists_the_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.enum_value("roles", StakeholderRole, "overlord")
    assert caught.value.field == "roles"
    assert "overlord" in caught.value.message
    for role in StakeholderRole:
        assert role.value in caught.value.message


def test_enum_values_folds_duplicates_and_keeps_order() -> None:
    roles = validation.enum_values(
        "roles", StakeholderRole, ["Shareholder", "employee", StakeholderRole.SHAREHOLDER]
    )
    assert roles == [StakeholderRole.SHAREHOLDER, StakeholderRole.EMPLOYEE]


def test_enum_values_refuses_any_unknown() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.enum_values("roles", StakeholderRole, ["employee", "boss"])
    assert caught.value.field == "roles"


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, None),
        (date(2025, 1, 1), None),
        (None, date(2025, 1, 1)),
        (date(2025, 1, 1), date(2025, 1, 1)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_date_range_accepts(start: date | None, end: date | None) -> None:
    validation.date_range("start", start, "end", end)


def test_date_range_refuses_end_before_start_naming_the_end() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.date_range("start", date(2025, 3, 2), "end", date(2025, 3, 1))
    assert caught.value.field == "end"
    assert "2025-03-01" in caught.value.message
    assert "2025-03-02" in caught.value.message
