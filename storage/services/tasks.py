"""Tasks: follow-ups from visits, a supervisor's assignments and a manager's own to-dos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.enums import Role, TaskSource
from storage.errors import Forbidden, NotFound
from storage.models import Task
from storage.services import audit, org
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

TITLE_LIMIT = 500


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    due: date | None
    customer: str | None


def open_tasks(uow: UnitOfWork, owner_id: int) -> list[TaskView]:
    """The owner's open tasks, earliest due first (undated ones last)."""
    return [TaskView(t.id, t.title, t.due_date, c.name if c else None) for t, c in uow.tasks.open_for(owner_id)]


def complete_task(uow: UnitOfWork, owner_id: int, task_id: int, now: datetime) -> str:
    task = uow.tasks.get_own(owner_id, task_id)
    if task is None:
        raise NotFound()
    task.done_at = task.done_at or now
    return task.title


def add_task(
    uow: UnitOfWork, actor: StaffView, owner_name: str | None, title: str, due: date | None, now: datetime
) -> str:
    """/todo (own task) or /assign (a supervisor's task for someone in their teams)."""
    owner_id, owner, source = actor.id, actor.name, TaskSource.OWN
    if owner_name is not None:
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden()
        person = org.person_in_scope(uow, actor, owner_name)
        owner_id, owner, source = person.id, person.name, TaskSource.ASSIGNED
    uow.tasks.add(
        Task(
            owner_id=owner_id,
            created_by_id=actor.id,
            title=title[:TITLE_LIMIT],
            due_date=due,
            source=source,
            created_at=now,
        )
    )
    if source is TaskSource.ASSIGNED:
        audit.record(uow, actor.id, "task_assigned", now, entity="staff", entity_id=owner_id)
    return owner


def add_for(uow: UnitOfWork, owner_id: int, created_by: int, title: str, due: date | None, now: datetime) -> None:
    """A task someone's work creates for another (a handover request for a team lead)."""
    source = TaskSource.OWN if owner_id == created_by else TaskSource.ASSIGNED
    uow.tasks.add(
        Task(
            owner_id=owner_id,
            created_by_id=created_by,
            title=title[:TITLE_LIMIT],
            due_date=due,
            source=source,
            created_at=now,
        )
    )


def add_plan(uow: UnitOfWork, owner_id: int, customer_id: int, title: str, due: date, now: datetime) -> int:
    """A planned visit becomes a task on its day."""
    task = uow.tasks.add(
        Task(
            owner_id=owner_id,
            created_by_id=owner_id,
            customer_id=customer_id,
            title=title[:TITLE_LIMIT],
            due_date=due,
            source=TaskSource.OWN,
            created_at=now,
        )
    )
    return task.id


def add_follow_up(
    uow: UnitOfWork, owner_id: int, customer_id: int, visit_id: int, title: str, due: date, now: datetime
) -> None:
    """The task a visit's follow-up date becomes."""
    uow.tasks.add(
        Task(
            owner_id=owner_id,
            created_by_id=owner_id,
            customer_id=customer_id,
            visit_id=visit_id,
            title=title[:TITLE_LIMIT],
            due_date=due,
            source=TaskSource.FOLLOW_UP,
            created_at=now,
        )
    )


def close_for_visit(uow: UnitOfWork, visit_id: int, now: datetime) -> None:
    """A withdrawn or corrected visit's open follow-ups are closed."""
    for task in uow.tasks.for_visit(visit_id):
        if task.done_at is None:
            task.done_at = now
