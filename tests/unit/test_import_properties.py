"""Properties of the importer over generated files (hypothesis).

- Whatever bytes a .csv holds, importing it raises nothing but the importer's own error
  (or reports rejects), and a failed import or a dry run leaves the store exactly as it was.
- Arbitrary Unicode people written the way CommDesk writes CSV (``commdesk.io.cells``
  neutralising formulas) import back equal.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from commdesk.domain.enums import StakeholderRole
from commdesk.io.cells import DANGEROUS_PREFIXES, csv_value
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.run import ImportOptions, import_people, inspect
from commdesk.services.people import PeopleService
from commdesk.store import Store
from tests.unit.import_helpers import fingerprint

HEADERS = ["Name", "Email", "Roles", "Consent", "Consent date", "Tags", "Mastodon", "Company"]
PIECES = [
    ",",
    ";",
    "\t",
    '"',
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "=",
    "@",
    "é",
    "李",
    "\ufeff",
    " ",
    "yes",
    "partner",
    "2024-13-45",
    "a@b.co",
    "x" * 300,
    "@a@b",
    "https://x/@y",
    "'",
]


def _text_csv() -> st.SearchStrategy[bytes]:
    header = st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6).map(",".join)
    body = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(
        "".join
    )
    preamble = st.sampled_from(["", "Notes:\n", "\n\n", "exported\n,,\n"])
    encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
    return st.builds(
        lambda p, h, b, e: (p + h + "\n" + b).encode(e, errors="replace"),
        preamble,
        header,
        body,
        encoding,
    )


malformed_files = st.one_of(
    _text_csv(),
    st.binary(max_size=400),
    st.builds(
        lambda good, junk, at: good[:at] + junk + good[at:],
        _text_csv(),
        st.binary(max_size=20),
        st.integers(0, 200),
    ),
)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=malformed_files, dry_run=st.booleans())
def test_malformed_csv_raises_only_import_errors_and_keeps_the_store(
    store: Store, tmp_path: Path, content: bytes, dry_run: bool
) -> None:
    path = tmp_path / "malformed.csv"
    path.write_bytes(content)
    before = fingerprint(store)
    people_before = PeopleService(store).count()
    try:
        found = inspect(path)
        report = import_people(store, path, ImportOptions(found.mapping, dry_run=dry_run))
    except ImportFileError as exc:
        assert str(exc)
        assert fingerprint(store) == before
        return
    for reject in report.rejects:
        assert reject.row >= 1 and reject.reason
    if dry_run:
        assert fingerprint(store) == before
    else:
        assert PeopleService(store).count() == people_before + report.created


def _unicode(max_size: int) -> st.SearchStrategy[str]:
    return (
        st.text(
            st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=max_size
        )
        .map(str.strip)
        # A text that starts with the CSV guard before a formula prefix is read as guarded:
        # the one ambiguity the documented neutralising has.
        .filter(lambda t: not (t.startswith("'") and t[1:].startswith(DANGEROUS_PREFIXES)))
    )


names = _unicode(60).filter(bool)
simple_words = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)
emails = st.builds(lambda a, b: f"{a}@{b}.example".lower(), simple_words, simple_words).filter(
    lambda e: e == e.lower() and " " not in e
)
people = st.lists(
    st.fixed_dictionaries(
        {
            "name": names,
            "email": emails,
            "job": _unicode(40),
            "notes": _unicode(200),
            "company": _unicode(40),
            "tags": st.lists(
                simple_words.filter(lambda t: t == t.strip()), max_size=3, unique=True
            ),
            "roles": st.lists(st.sampled_from(list(StakeholderRole)), max_size=3, unique=True),
        }
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda p: p["email"],
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=people)
# Found by hypothesis: a name that is the Mastodon follows list's signature once took the header.
@example(
    rows=[
        {"name": n, "email": e, "job": "", "notes": "", "company": "", "tags": [], "roles": []}
        for n, e in (("ACCOUNTADDRESS", "0@0.example"), ("Ada", "ada@0.example"))
    ]
)
# And one whose apostrophes (a formula guard, a company name) made the delimiter a tab.
@example(
    rows=[
        {"name": n, "email": e, "job": "", "notes": "", "company": c, "tags": [], "roles": []}
        for n, e, c in (("=", "0@00.example", ""), ("0", "0@0.example", "0'\t0"))
    ]
)
# And a name holding a quote and a tab, which made csv.Sniffer take the tab for the separator.
@example(
    rows=[
        {
            "name": '"\t0',
            "email": "0@0.example",
            "job": "",
            "notes": "",
            "company": "",
            "tags": [],
            "roles": [],
        }
    ]
)
def test_people_exported_and_imported_back_are_equal(
    store: Store, tmp_path: Path, rows: list[dict[str, object]]
) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Job title", "Notes", "Company", "Tags", "Roles"])
        for p in rows:
            writer.writerow(
                csv_value(str(v))
                for v in (
                    p["name"],
                    p["email"],
                    p["job"],
                    p["notes"],
                    p["company"],
                    ";".join(str(tag) for tag in p["tags"]),  # type: ignore[attr-defined]
                    ";".join(r.value for r in p["roles"]),  # type: ignore[attr-defined]
                )
            )
    found = inspect(path)
    report = import_people(store, path, ImportOptions(found.mapping, on_duplicate="create"))
    assert report.rejects == []
    service = PeopleService(store)
    for p in rows:
        [person_id] = service.find_by_email(str(p["email"]))[-1:]
        got = service.get(person_id)
        assert got.name == p["name"]
        assert got.job_title == (p["job"] or None)
        assert got.notes == (p["notes"] or None)
        assert (got.organisation or "").casefold() == str(p["company"]).casefold()
        assert sorted(got.tags) == sorted(p["tags"])  # type: ignore[call-overload]
        assert set(got.roles) == set(p["roles"])  # type: ignore[call-overload]
