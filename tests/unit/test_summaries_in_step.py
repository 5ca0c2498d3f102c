"""The summary tables of migrations 0008 and 0012 stay equal to the raw grouped rows after
every kind of write: raw inserts, updates and deletes of activities, memberships and roles,
archiving and restoring people, and the services' person deletion, community deletion, merges
and their undos (cascades included)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from commdesk.domain.enums import StakeholderRole
from commdesk.services.communities import CommunityService
from commdesk.services.duplicates import DuplicateService, MergeResult
from commdesk.services.people import PeopleService
from commdesk.services.people_bulk import PeopleBulkService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store
from tests.unit.summary_expectations import assert_summaries_match

ROLES = [r.value for r in StakeholderRole]
PLATFORMS = ["github", "slack", "mastodon"]
KINDS = ["post", "comment", "event_attendance"]
# around the epoch (floor, not truncation, for times before 1970) and around today
TIMES = st.one_of(
    st.integers(-3 * 86400, 3 * 86400), st.integers(1_780_000_000, 1_780_000_000 + 5 * 86400)
)
DAYS = st.integers(0, 40).map(lambda n: date(2026, 1, 1) + timedelta(days=n))
PICK = st.integers(0, 10_000)


class SummariesInStep(RuleBasedStateMachine):
    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="summaries-"))
        path = self.folder / "s.sqlite"
        shutil.copyfile(self.template, path)
        self.store = Store.open(path)
        self.people = PeopleService(self.store)
        self.communities = CommunityService(self.store)
        self.duplicates = DuplicateService(self.store)
        self.community_ids = [
            self.communities.create(CommunityDraft(f"Community {n}")) for n in range(3)
        ]
        self.person_ids = [self.people.create(PersonDraft(f"Person {n}")) for n in range(3)]
        self.undo: list[tuple[str, Any]] = []
        self.made = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------

    def run(self, sql: str, **values: Any) -> None:
        self.undo.clear()  # an undo puts rows back by id: only right straight after its step
        with self.store.engine.begin() as connection:
            connection.execute(text(sql), values)

    def ids(self, table: str) -> list[int]:
        with self.store.engine.connect() as connection:
            return [int(i) for (i,) in connection.execute(text("SELECT id FROM " + table))]

    def person(self, pick: int) -> int:
        people = self.ids("people")
        return people[pick % len(people)]

    def community(self, pick: int) -> int | None:
        found = self.ids("communities")
        return found[pick % len(found)] if found else None

    # -- people and roles ------------------------------------------------------------------

    @rule(roles=st.lists(st.sampled_from(ROLES), max_size=3, unique=True))
    def add_person(self, roles: list[str]) -> None:
        self.undo.clear()
        self.people.create(PersonDraft(f"P{len(self.ids('people'))}", roles=tuple(roles)))

    @rule(pick=PICK, role=st.sampled_from(ROLES))
    def give_role(self, pick: int, role: str) -> None:
        self.run(
            "INSERT OR IGNORE INTO person_roles(person_id, role) VALUES (:p, :r)",
            p=self.person(pick),
            r=role,
        )

    @rule(pick=PICK, role=st.sampled_from(ROLES))
    def take_role(self, pick: int, role: str) -> None:
        self.run(
            "DELETE FROM person_roles WHERE person_id = :p AND role = :r",
            p=self.person(pick),
            r=role,
        )

    @rule(pick=PICK, role=st.sampled_from(ROLES), other=st.sampled_from(ROLES))
    def change_role(self, pick: int, role: str, other: str) -> None:
        self.run(
            "UPDATE OR IGNORE person_roles SET role = :o WHERE person_id = :p AND role = :r",
            p=self.person(pick),
            r=role,
            o=other,
        )

    @rule(pick=PICK, to=PICK, role=st.sampled_from(ROLES))
    def hand_role_over(self, pick: int, to: int, role: str) -> None:
        self.run(
            "UPDATE OR IGNORE person_roles SET person_id = :t WHERE person_id = :p AND role = :r",
            p=self.person(pick),
            t=self.person(to),
            r=role,
        )

    @rule(pick=PICK, archived=st.booleans(), bulk=st.booleans())
    def archive_or_restore(self, pick: int, archived: bool, bulk: bool) -> None:
        """Archived people are nobody's current members (migration 0012)."""
        self.undo.clear()
        person = self.person(pick)
        if bulk:
            PeopleBulkService(self.store).set_archived([person], archived)
        else:
            self.people.set_archived([person], archived)

    @rule(pick=PICK)
    def delete_person(self, pick: int) -> None:
        if len(self.ids("people")) > 1:
            self.undo[:] = [("person", self.people.delete([self.person(pick)]))]

    @rule(keep=PICK, absorb=PICK)
    def merge(self, keep: int, absorb: int) -> None:
        first, second = self.person(keep), self.person(absorb)
        if first != second:
            self.undo[:] = [("merge", self.duplicates.merge(first, second))]

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        kind, what = self.undo.pop()
        if kind == "person":
            self.people.restore(what)
        elif kind == "community":
            self.communities.restore(what)
        else:
            assert isinstance(what, MergeResult)
            self.duplicates.undo_merge(what)

    # -- communities and memberships ---------------------------------------------------------

    @rule()
    def add_community(self) -> None:
        self.undo.clear()
        self.made += 1
        self.communities.create(CommunityDraft(f"Community made {self.made}"))

    @rule(pick=PICK)
    def delete_community(self, pick: int) -> None:
        community = self.community(pick)
        if community is not None:
            self.undo[:] = [("community", self.communities.delete(community))]

    @rule(pick=PICK, where=PICK, joined=st.none() | DAYS, left=st.booleans())
    def join(self, pick: int, where: int, joined: date | None, left: bool) -> None:
        community = self.community(where)
        if community is None:
            return
        self.run(
            "INSERT OR IGNORE INTO memberships(person_id, community_id, role, joined_on, left_on) "
            "VALUES (:p, :c, 'member', :j, :l)",
            p=self.person(pick),
            c=community,
            j=joined,
            l=(joined or date(2026, 3, 1)) if left else None,
        )

    @rule(pick=PICK, left=st.booleans())
    def leave_or_return(self, pick: int, left: bool) -> None:
        memberships = self.ids("memberships")
        if memberships:
            self.run(
                "UPDATE memberships SET left_on = :l WHERE id = :m",
                m=memberships[pick % len(memberships)],
                l=date(2026, 6, 1) if left else None,
            )

    @rule(pick=PICK, where=PICK, who=PICK, joined=st.none() | DAYS)
    def move_membership(self, pick: int, where: int, who: int, joined: date | None) -> None:
        memberships = self.ids("memberships")
        if memberships:
            self.run(
                "UPDATE OR IGNORE memberships SET community_id = :c, person_id = :p, "
                "joined_on = :j WHERE id = :m AND (left_on IS NULL OR left_on >= :j)",
                m=memberships[pick % len(memberships)],
                c=self.community(where),
                p=self.person(who),
                j=joined,
            )

    @rule(pick=PICK)
    def end_membership(self, pick: int) -> None:
        memberships = self.ids("memberships")
        if memberships:
            self.run(
                "DELETE FROM memberships WHERE id = :m", m=memberships[pick % len(memberships)]
            )

    # -- activity ----------------------------------------------------------------------------

    @rule(
        pick=PICK,
        where=st.none() | PICK,
        at=TIMES,
        platform=st.sampled_from(PLATFORMS),
        kind=st.sampled_from(KINDS),
        times=st.integers(1, 3),
    )
    def log(
        self, *, pick: int, where: int | None, at: int, platform: str, kind: str, times: int
    ) -> None:
        for n in range(times):
            self.run(
                "INSERT INTO activities(occurred_at, person_id, community_id, platform, kind, "
                "source) VALUES (:t, :p, :c, :pl, :k, 'manual')",
                t=at + n * 1000,
                p=self.person(pick),
                c=None if where is None else self.community(where),
                pl=platform,
                k=kind,
            )

    @rule(pick=PICK)
    def delete_activity(self, pick: int) -> None:
        activities = self.ids("activities")
        if activities:
            self.run("DELETE FROM activities WHERE id = :a", a=activities[pick % len(activities)])

    @rule(
        pick=PICK,
        who=PICK,
        where=st.none() | PICK,
        at=TIMES,
        platform=st.sampled_from(PLATFORMS),
        kind=st.sampled_from(KINDS),
    )
    def change_activity(
        self, *, pick: int, who: int, where: int | None, at: int, platform: str, kind: str
    ) -> None:
        activities = self.ids("activities")
        if activities:
            self.run(
                "UPDATE activities SET occurred_at = :t, person_id = :p, community_id = :c, "
                "platform = :pl, kind = :k WHERE id = :a",
                a=activities[pick % len(activities)],
                t=at,
                p=self.person(who),
                c=None if where is None else self.community(where),
                pl=platform,
                k=kind,
            )

    @rule(pick=PICK, at=TIMES)
    def move_in_time(self, pick: int, at: int) -> None:
        activities = self.ids("activities")
        if activities:
            self.run(
                "UPDATE activities SET occurred_at = :t WHERE id = :a",
                a=activities[pick % len(activities)],
                t=at,
            )

    @invariant()
    def summaries_equal_the_raw_rows(self) -> None:
        with self.store.engine.connect() as connection:
            assert_summaries_match(connection)


@pytest.fixture
def machine(migrated_template: Path) -> type[SummariesInStep]:
    SummariesInStep.template = migrated_template
    return SummariesInStep


def test_every_write_keeps_the_summaries_in_step(machine: type[SummariesInStep]) -> None:
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
