"""How one plan's items are laid out: as cards on the four-phase board and by due date on
the content calendar (a month grid or a week), read from SQL one plan at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from commdesk.domain import Person, PlanItem
from commdesk.domain.enums import ItemKind, ItemStatus, Phase
from commdesk.store import Store


@dataclass(frozen=True)
class BoardCard:
    """One item as a board card or a calendar entry shows it (the owner by name)."""

    id: int
    phase: Phase
    position: int
    title: str
    kind: ItemKind
    status: ItemStatus
    due_on: date | None
    owner: str | None


def month_grid(year: int, month: int) -> list[date]:
    """The days a month view shows: whole weeks, Monday first, from the week of the 1st to
    the week of the last day (28 to 42 days)."""
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start = week_start(first)
    end = week_start(last) + timedelta(days=6)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_days(day: date) -> list[date]:
    """The seven days, Monday to Sunday, of ``day``'s week."""
    start = week_start(day)
    return [start + timedelta(days=n) for n in range(7)]


def shift_month(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class PlanCalendar:
    """Reads of one plan's items for the board, the calendar and the table's filters."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def cards(self, plan_id: int) -> list[BoardCard]:
        """A plan's items in board order: phase by phase, then by position."""
        cards = self._cards(plan_id)
        order = {p: n for n, p in enumerate(Phase)}
        return sorted(cards, key=lambda c: (order[c.phase], c.position, c.id))

    def due_between(self, plan_id: int, first: date, last: date) -> dict[date, list[BoardCard]]:
        """A plan's items due from ``first`` to ``last`` (both included), by day, each
        day's items by title."""
        days: dict[date, list[BoardCard]] = {}
        for card in self._cards(plan_id, first, last):
            if card.due_on is not None:
                days.setdefault(card.due_on, []).append(card)
        for cards in days.values():
            cards.sort(key=lambda c: (c.title.casefold(), c.id))
        return days

    def departments(self, plan_id: int) -> list[str]:
        """The departments a plan's items name, for filters and completers."""
        with self.store.read() as session:
            rows = session.scalars(
                select(PlanItem.department)
                .where(PlanItem.plan_id == plan_id, PlanItem.department.is_not(None))
                .distinct()
                .order_by(PlanItem.department)
            ).all()
        return [str(r) for r in rows]

    def owners(self, plan_id: int) -> list[tuple[int, str]]:
        """``(id, name)`` of the people who own items of a plan, for filters."""
        with self.store.read() as session:
            rows = session.execute(
                select(Person.id, Person.name)
                .join(PlanItem, PlanItem.owner_id == Person.id)
                .where(PlanItem.plan_id == plan_id)
                .distinct()
                .order_by(Person.name)
            ).all()
        return [(int(r[0]), str(r[1])) for r in rows]

    def nearest_due(self, plan_id: int, day: date) -> date | None:
        """The due date of the plan's item due nearest to ``day`` (where to open the
        calendar), or None if no item has a due date."""
        distance = func.abs(func.julianday(PlanItem.due_on) - func.julianday(day.isoformat()))
        with self.store.read() as session:
            return session.scalar(
                select(PlanItem.due_on)
                .where(PlanItem.plan_id == plan_id, PlanItem.due_on.is_not(None))
                .order_by(distance, PlanItem.due_on)
                .limit(1)
            )

    def _cards(
        self, plan_id: int, first: date | None = None, last: date | None = None
    ) -> list[BoardCard]:
        query = (
            select(PlanItem, Person.name)
            .outerjoin(Person, PlanItem.owner_id == Person.id)
            .where(PlanItem.plan_id == plan_id)
            .order_by(PlanItem.position, PlanItem.id)
        )
        if first is not None and last is not None:
            query = query.where(PlanItem.due_on.between(first, last))  # ix_plan_items_due
        with self.store.read() as session:
            return [
                BoardCard(
                    id=item.id,
                    phase=item.phase,
                    position=item.position,
                    title=item.title,
                    kind=item.kind,
                    status=item.status,
                    due_on=item.due_on,
                    owner=owner,
                )
                for item, owner in session.execute(query)
            ]
