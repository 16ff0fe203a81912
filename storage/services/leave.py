"""Personal leave: no pushes to a manager on those local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.errors import NotFound
from storage.models import Leave
from storage.services import audit
from storage.uow import UnitOfWork

MAX_LEAVE_DAYS = 60


@dataclass(frozen=True)
class LeaveView:
    id: int
    first: date
    last: date


def add_leave(uow: UnitOfWork, staff_id: int, first: date, last: date, now: datetime) -> int:
    """Records the days off; a reversed range or one over 60 days is refused."""
    if last < first or (last - first).days >= MAX_LEAVE_DAYS:
        raise NotFound()
    uow.pushes.add_leave(Leave(staff_id=staff_id, first_day=first, last_day=last, created_at=now))
    return (last - first).days + 1


def on_leave(uow: UnitOfWork, staff_id: int, day: date) -> bool:
    return uow.pushes.on_leave(staff_id, day)


def upcoming(uow: UnitOfWork, staff_id: int, today: date) -> list[LeaveView]:
    """Leave that is not over yet (running or ahead), for /leave to list and cancel."""
    return [LeaveView(row.id, row.first_day, row.last_day) for row in uow.pushes.leave_from(staff_id, today)]


def cancel(uow: UnitOfWork, staff_id: int, leave_id: int, today: date, now: datetime) -> LeaveView:
    """Cancels the rest of one's own leave: leave already running ends yesterday, leave ahead is removed; pushes
    resume from today."""
    row = uow.pushes.own_leave(staff_id, leave_id)
    if row is None or row.last_day < today:
        raise NotFound()
    view = LeaveView(row.id, row.first_day, row.last_day)
    if row.first_day < today:
        row.last_day = date.fromordinal(today.toordinal() - 1)
    else:
        uow.pushes.remove_leave(row)
    audit.record(uow, staff_id, "leave_cancelled", now, entity="leave", entity_id=leave_id)
    return view
