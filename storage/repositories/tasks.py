"""Tasks: follow-ups from visits, assignments and a manager's own to-dos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Customer, Task


class TaskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, task: Task) -> Task:
        self.session.add(task)
        self.session.flush()
        return task

    def get_own(self, owner_id: int, task_id: int) -> Task | None:
        return self.session.scalar(select(Task).where(Task.id == task_id, Task.owner_id == owner_id))

    def open_for(self, owner_id: int, limit: int = 50) -> Sequence[tuple[Task, Customer | None]]:
        stmt = (
            select(Task, Customer)
            .outerjoin(Customer, Task.customer_id == Customer.id)
            .where(Task.owner_id == owner_id, Task.done_at.is_(None))
            .order_by(Task.due_date.is_(None), Task.due_date, Task.id)
            .limit(limit)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt).all()]

    def for_visit(self, visit_id: int) -> Sequence[Task]:
        return self.session.scalars(select(Task).where(Task.visit_id == visit_id)).all()

    def done_counts(self, owner_ids: Sequence[int], since: datetime, until: datetime) -> dict[int, int]:
        stmt = (
            select(Task.owner_id, func.count())
            .where(Task.owner_id.in_(owner_ids), Task.done_at >= since, Task.done_at < until)
            .group_by(Task.owner_id)
        )
        return {int(row[0]): int(row[1]) for row in self.session.execute(stmt).all()}

    def overdue_counts(
        self,
        owner_ids: Sequence[int],
        before: date,
        *,
        due_from: date | None = None,
        open_at: datetime | None = None,
    ) -> dict[int, int]:
        """Tasks due before `before` (and from `due_from`) still open now, or, with `open_at`, at that moment."""
        still_open = Task.done_at.is_(None) if open_at is None else or_(Task.done_at.is_(None), Task.done_at >= open_at)
        stmt = select(Task.owner_id, func.count()).where(
            Task.owner_id.in_(owner_ids), still_open, Task.due_date < before
        )
        if due_from is not None:
            stmt = stmt.where(Task.due_date >= due_from)
        return {int(row[0]): int(row[1]) for row in self.session.execute(stmt.group_by(Task.owner_id)).all()}

    def reassign_open(self, from_owner: int, to_owner: int) -> int:
        stmt = update(Task).where(Task.owner_id == from_owner, Task.done_at.is_(None)).values(owner_id=to_owner)
        return int(getattr(self.session.execute(stmt), "rowcount", 0) or 0)
