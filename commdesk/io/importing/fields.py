"""What a column can be imported as, and the guess of each column's field from its header.

Headers are compared loosely (case, accents, spaces and punctuation ignored) against the
synonyms of each field, in English, German, French, Spanish and Dutch.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from commdesk.domain.enums import Platform

Mapping = list[str | None]  # one field key (or None: ignored) per column


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: str
    repeatable: bool = False  # several columns may feed it (emails, tags, notes)


HANDLE_PLATFORMS = (
    Platform.MASTODON,
    Platform.DISCOURSE,
    Platform.GITHUB,
    Platform.LINKEDIN,
    Platform.MEETUP,
    Platform.SLACK,
    Platform.DISCORD,
)


def handle_key(platform: Platform) -> str:
    return f"handle:{platform.value}"


def handle_fields() -> tuple[Field, ...]:
    extra = {
        Platform.LINKEDIN: "linkedin url|linkedin profile|linkedin",
        Platform.MASTODON: "mastodon|fediverse|fediverse handle|account address",
        Platform.GITHUB: "github|github login|github username",
        Platform.DISCOURSE: "discourse|forum username|discourse username",
        Platform.MEETUP: "meetup|meetup id|member id",
        Platform.SLACK: "slack|slack handle|slack id",
        Platform.DISCORD: "discord|discord username|discord handle",
    }
    return tuple(
        Field(handle_key(p), f"{p.label} handle", f"{p.value} handle|{extra[p]}")
        for p in HANDLE_PLATFORMS
    )


# Synonyms are "|"-separated, compared after normalise().
PEOPLE_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "Name",
        "name|full name|display name|contact|contact name|person|nom|nom complet|nombre|"
        "nombre completo|naam|volledige naam|vollstandiger name|anzeigename|nome",
    ),
    Field(
        "first_name",
        "First name",
        "first name|given name|forename|firstname|vorname|prenom|voornaam",
    ),
    Field(
        "last_name",
        "Last name",
        "last name|surname|family name|lastname|nachname|nom de famille|apellido|apellidos|"
        "achternaam",
    ),
    Field(
        "email",
        "Email",
        "email|e mail|email address|mail|emails|primary email|secondary emails|work email|"
        "courriel|adresse email|correo|correo electronico|e mail adresse|e mailadres",
        repeatable=True,
    ),
    Field(
        "phone",
        "Phone",
        "phone|phone number|telephone|mobile|cell|tel|telefon|telefonnummer|telefono|"
        "telefoon|numero de telephone|handy",
    ),
    Field(
        "job_title",
        "Job title",
        "job title|title|position|job|function|funktion|berufsbezeichnung|titre|poste|"
        "fonction|cargo|puesto|functie",
    ),
    Field(
        "department",
        "Department",
        "department|team|abteilung|service|departement|departamento|afdeling",
    ),
    Field(
        "location",
        "Location",
        "location|city|country|place|ort|stadt|ville|lieu|ciudad|ubicacion|plaats|woonplaats",
    ),
    Field(
        "notes",
        "Notes",
        "notes|note|comment|comments|intro|bio|notizen|bemerkung|remarques|notas|opmerkingen",
        repeatable=True,
    ),
    Field(
        "organisation",
        "Organisation",
        "organisation|organization|company|company name|employer|org|firma|unternehmen|"
        "entreprise|societe|empresa|organizacion|bedrijf|organisatie",
    ),
    Field("roles", "Roles", "roles|role|stakeholder role|stakeholder|rolle|rol|relationship"),
    Field(
        "tags",
        "Tags",
        "tags|tag|labels|label|groups|schlagworte|etiquettes|etiquetas",
        repeatable=True,
    ),
    Field(
        "consent",
        "Consent",
        "consent|gdpr consent|opt in|subscribed|einwilligung|consentement|consentimiento|"
        "toestemming",
    ),
    Field("consent_on", "Consent date", "consent date|consent on|consented on|opt in date"),
    Field("consent_source", "Consent source", "consent source|source|quelle"),
    *handle_fields(),
)


def normalise(header: str) -> str:
    """``"E-Mail Adresse"`` -> ``"emailadresse"``: case, accents, spaces, punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return "".join(c for c in decomposed if c.isalnum())


class FieldSet:
    """The fields of one import target, their synonyms, and which must be mapped.

    ``required`` lists groups of field keys: each group needs one of its fields mapped (a key
    ending in ":" stands for every key that starts with it, e.g. ``"handle:"``).
    """

    def __init__(
        self, fields: tuple[Field, ...], required: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> None:
        self.fields = fields
        self.by_key = {f.key: f for f in fields}
        self.required = required
        self._synonyms: dict[str, str] = {}
        for field in fields:
            for word in (field.key.replace("_", " "), *field.synonyms.split("|")):
                self._synonyms.setdefault(normalise(word), field.key)

    def guess_field(self, header: str) -> str | None:
        return self._synonyms.get(normalise(header))

    def guess(self, header: Sequence[str]) -> Mapping:
        """A field for each column whose header names one; a field that takes one column
        only goes to the first column that names it."""
        taken: set[str] = set()
        mapping: Mapping = []
        for cell in header:
            key = self.guess_field(cell)
            if key is not None and key in taken and not self.by_key[key].repeatable:
                key = None
            if key is not None:
                taken.add(key)
            mapping.append(key)
        return mapping

    def score(self, cells: list[str]) -> int:
        """How many cells of a row name a known field: finds the header under a preamble."""
        return sum(1 for c in cells if c and self.guess_field(c) is not None)

    def check(self, mapping: Mapping) -> list[str]:
        """What makes a mapping unusable, in words (empty when it is fine)."""
        problems = []
        keys = [k for k in mapping if k is not None]
        for key in keys:
            if key not in self.by_key:
                known = ", ".join(self.by_key)
                problems.append(f"unknown field {key!r} (known: {known})")
            elif keys.count(key) > 1 and not self.by_key[key].repeatable:
                problems.append(f"{self.by_key[key].label} is mapped from more than one column")
        for message, group in self.required:
            if not any(_satisfies(k, group) for k in keys):
                problems.append(message)
        return list(dict.fromkeys(problems))


def _satisfies(key: str, group: tuple[str, ...]) -> bool:
    return any(key == g or (g.endswith(":") and key.startswith(g)) for g in group)


PEOPLE = FieldSet(
    PEOPLE_FIELDS,
    (
        (
            "no column gives a name, an email or a handle",
            ("name", "first_name", "last_name", "email", "handle:"),
        ),
    ),
)
FIELDS_BY_KEY = PEOPLE.by_key


def guess_mapping(header: Sequence[str]) -> Mapping:
    return PEOPLE.guess(header)


def check_mapping(mapping: Mapping) -> list[str]:
    return PEOPLE.check(mapping)
