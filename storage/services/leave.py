"""Personal leave: no pushes to a manager on those local days."""

from __future__ import annotations

from datetime import date, datetime

from storage.errors import NotFound
from storage.models import Leave
from storage.uow import UnitOfWork

MAX_LEAVE_DAYS = 60


def add_leave(uow: UnitOfWork, staff_id: int, first: date, last: date, now: datetime) -> int:
    """Records the days off; a reversed range or one over 60 days is refused."""
    if last < first or (last - first).days >= MAX_LEAVE_DAYS:
        raise NotFound()
    uow.pushes.add_leave(Leave(staff_id=staff_id, first_day=first, last_day=last, created_at=now))
    return (last - first).days + 1


def on_leave(uow: UnitOfWork, staff_id: int, day: date) -> bool:
    return uow.pushes.on_leave(staff_id, day)
