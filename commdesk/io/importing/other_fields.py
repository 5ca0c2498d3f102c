"""The fields of the imports other than people: organisations, communities, memberships and
activities. A membership or an activity names its person by email or by platform handle."""

from __future__ import annotations

from commdesk.io.importing.fields import Field, FieldSet, handle_fields

PERSON_EMAIL = Field(
    "person_email",
    "Person's email",
    "email|e mail|email address|person email|member email|mail|courriel|correo",
)

ORGANISATIONS = FieldSet(
    (
        Field(
            "name",
            "Name",
            "name|organisation|organization|company|company name|org|firma|unternehmen|"
            "entreprise|societe|empresa|bedrijf|organisatie",
        ),
        Field("kind", "Kind", "kind|type|sector|category|art|typ"),
        Field("website", "Website", "website|web|homepage|site|url|webseite|site web"),
        Field("domains", "Email domains", "domain|domains|email domain", repeatable=True),
    ),
    (("no column gives the organisation's name", ("name",)),),
)

COMMUNITIES = FieldSet(
    (
        Field("name", "Name", "name|community|community name|group|group name|gemeinschaft"),
        Field("purpose", "Purpose", "purpose|description|about|goal|zweck|objectif"),
        Field("scope", "Scope", "scope|audience|internal external"),
    ),
    (("no column gives the community's name", ("name",)),),
)

_WHO = ("person_email", "handle:")

MEMBERSHIPS = FieldSet(
    (
        PERSON_EMAIL,
        *handle_fields(),
        Field("community", "Community", "community|community name|group|group name"),
        Field("role", "Role", "role|membership role|member role|rolle"),
        Field("joined_on", "Joined on", "joined|joined on|joined group on|member since|since"),
        Field("left_on", "Left on", "left|left on|until"),
    ),
    (
        ("no column names the person (an email or a handle)", _WHO),
        ("no column gives the community", ("community",)),
    ),
)

ACTIVITIES = FieldSet(
    (
        PERSON_EMAIL,
        *handle_fields(),
        Field("occurred_at", "When", "when|date|time|occurred at|timestamp|datum|created at"),
        Field("platform", "Platform", "platform|channel|network|plattform"),
        Field("kind", "Kind", "kind|type|activity|action|activity type|art"),
        Field("title", "Title", "title|subject|summary|description|text"),
        Field("url", "Link", "url|link|permalink|address"),
        Field("community", "Community", "community|group"),
        Field("external_id", "External id", "external id|id|activity id|post id|message id"),
    ),
    (
        ("no column names the person (an email or a handle)", _WHO),
        ("no column gives when it happened", ("occurred_at",)),
        ("no column gives the platform", ("platform",)),
        ("no column gives the kind of activity", ("kind",)),
    ),
)
