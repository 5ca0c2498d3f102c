"""The shared undo machinery: commands call services, the stack undoes and redoes them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from commdesk.errors import ValidationError
from commdesk.gui.context import AppContext
from commdesk.gui.tasks import TaskRunner
from commdesk.gui.undo import ServiceCommand, push
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store


@pytest.fixture
def context(store: Store, qtbot: QtBot) -> Iterator[AppContext]:
    runner = TaskRunner()
    ctx = AppContext(store, runner)
    yield ctx
    runner.shutdown()


def test_rename_is_undone_and_redone(context: AppContext, qtbot: QtBot) -> None:
    people = PeopleService(context.store)
    ada = people.create(PersonDraft(name="Ada"))
    before = people.get(ada).as_draft()
    after = PersonDraft(name="Ada Lovelace")
    seen: list[str] = []
    context.changed.connect(seen.append)

    push(
        ServiceCommand(
            context,
            "Rename Ada",
            lambda: people.update(ada, after),
            lambda: people.update(ada, before),
            changes=("people",),
        )
    )
    assert people.get(ada).name == "Ada Lovelace"
    assert seen == ["people"]
    assert context.undo_stack.undoText() == "Rename Ada"

    context.undo_stack.undo()
    assert people.get(ada).name == "Ada"
    context.undo_stack.redo()
    assert people.get(ada).name == "Ada Lovelace"
    assert seen == ["people", "people", "people"]


def test_a_refused_edit_never_reaches_the_stack(context: AppContext) -> None:
    people = PeopleService(context.store)
    ada = people.create(PersonDraft(name="Ada"))
    with pytest.raises(ValidationError):
        push(
            ServiceCommand(
                context,
                "Empty name",
                lambda: people.update(ada, PersonDraft(name="  ")),
                lambda: None,
            )
        )
    assert context.undo_stack.count() == 0
    assert people.get(ada).name == "Ada"


def test_delete_is_undone_through_its_snapshot(context: AppContext) -> None:
    people = PeopleService(context.store)
    ada = people.create(PersonDraft(name="Ada", emails=("ada@example.org",)))
    snapshots = []

    def delete() -> None:
        snapshots.append(people.delete([ada]))

    push(ServiceCommand(context, "Delete Ada", delete, lambda: people.restore(snapshots.pop())))
    assert people.count() == 0
    context.undo_stack.undo()
    assert people.get(ada).emails == ("ada@example.org",)
    context.undo_stack.redo()
    assert people.count() == 0


def test_an_edit_to_a_vanished_database_names_the_file(context: AppContext) -> None:
    from commdesk.errors import StoreError

    people = PeopleService(context.store)
    ada = people.create(PersonDraft(name="Ada"))
    path = context.store.path
    assert path is not None
    moved = path.with_name("moved.sqlite")
    path.rename(moved)
    with pytest.raises(StoreError, match=str(path)):
        push(
            ServiceCommand(
                context,
                "Rename",
                lambda: people.update(ada, PersonDraft(name="Ada L")),
                lambda: None,
            )
        )
    assert context.undo_stack.count() == 0
