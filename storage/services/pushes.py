"""Tasks, leave, push settings and the delivery ledger that makes every push happen at most once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from storage.errors import Forbidden, NotFound
from storage.models import Leave, PushSettings, Role, TaskSource
from storage.models import Task as TaskRow
from storage.services import audit, org
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

MAX_LEAVE_DAYS = 60


@dataclass(frozen=True)
class Settings:
    brief_at: str = "08:30"
    nudge_at: str = "17:30"
    quiet_from: str | None = None
    quiet_until: str | None = None
    brief_on: bool = True
    nudge_on: bool = True
    recap_on: bool = True

    def quiet_at(self, hhmm: str) -> bool:
        """Whether a time of day falls in the quiet hours (which may wrap past midnight)."""
        if not self.quiet_from or not self.quiet_until:
            return False
        if self.quiet_from <= self.quiet_until:
            return self.quiet_from <= hhmm < self.quiet_until
        return hhmm >= self.quiet_from or hhmm < self.quiet_until


FIELDS = ("brief_at", "nudge_at", "quiet_from", "quiet_until", "brief_on", "nudge_on", "recap_on")


def effective_settings(uow: UnitOfWork, staff_id: int, unit_id: int | None) -> Settings:
    """Defaults, overridden by the team's defaults, overridden by the user's own choices."""
    team = uow.pushes.settings_for(None, unit_id) if unit_id else None
    return _merge(_chosen(team), _chosen(uow.pushes.settings_for(staff_id, None)))


class SettingsBook:
    """Every user's and team's settings, read in one query (for a scheduler tick over all users)."""

    def __init__(self, uow: UnitOfWork) -> None:
        rows = uow.pushes.all_settings()
        self._users = {r.staff_id: _chosen(r) for r in rows if r.staff_id is not None}
        self._teams = {r.unit_id: _chosen(r) for r in rows if r.unit_id is not None and r.staff_id is None}

    def effective(self, staff_id: int, unit_id: int | None) -> Settings:
        return _merge(self._teams.get(unit_id, {}) if unit_id else {}, self._users.get(staff_id, {}))


def _chosen(row: PushSettings | None) -> dict[str, object]:
    """The fields a row sets, as plain values (usable after its session has closed)."""
    if row is None:
        return {}
    return {f: getattr(row, f) for f in FIELDS if getattr(row, f) is not None}


def _merge(*layers: dict[str, object]) -> Settings:
    result = Settings()
    for layer in layers:
        result = replace(result, **layer)  # type: ignore[arg-type]
    return result


def change_settings(uow: UnitOfWork, actor: StaffView, changes: dict[str, object], *, team: bool = False) -> None:
    """The user's own settings, or (supervisors) the defaults of every team they lead."""
    targets: list[tuple[int | None, int | None]] = [(actor.id, None)]
    if team:
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden()
        targets = [(None, unit) for unit in uow.staff.led_unit_ids(actor.id)] or [(None, actor.unit_id)]
    for staff_id, unit_id in targets:
        row = uow.pushes.settings_for(staff_id, unit_id) or uow.pushes.add_settings(
            PushSettings(staff_id=staff_id, unit_id=unit_id)
        )
        for key, value in changes.items():
            setattr(row, key, value)


def add_leave(uow: UnitOfWork, staff_id: int, first: date, last: date, now: datetime) -> int:
    if last < first or (last - first).days >= MAX_LEAVE_DAYS:
        raise NotFound()
    uow.pushes.add_leave(Leave(staff_id=staff_id, first_day=first, last_day=last, created_at=now))
    return (last - first).days + 1


def on_leave(uow: UnitOfWork, staff_id: int, day: date) -> bool:
    return uow.pushes.on_leave(staff_id, day)


def add_task(
    uow: UnitOfWork, actor: StaffView, owner_name: str | None, title: str, due: date | None, now: datetime
) -> str:
    """/todo (own task) or /assign (a supervisor's task for someone in their teams)."""
    owner_id, owner = actor.id, actor.name
    source = TaskSource.OWN
    if owner_name is not None:
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden()
        units = set(org.scope_unit_ids(uow, actor))
        person = next((p for p in uow.staff.by_name(owner_name) if p.active and p.unit_id in units), None)
        if person is None:
            raise Forbidden()
        owner_id, owner, source = person.id, person.name, TaskSource.ASSIGNED
    uow.tasks.add(
        TaskRow(
            owner_id=owner_id, created_by_id=actor.id, title=title[:500], due_date=due, source=source, created_at=now
        )
    )
    if source is TaskSource.ASSIGNED:
        audit.record(uow, actor.id, "task_assigned", now, entity="staff", entity_id=owner_id)
    return owner


def claim(uow: UnitOfWork, staff_id: int, kind: str, day: date, now: datetime) -> bool:
    """True for the one caller that may send this push; the row is written before anything is sent."""
    return uow.pushes.claim(staff_id, kind, day, now) is not None


def finish(
    uow: UnitOfWork, staff_id: int, kind: str, day: date, status: str, now: datetime, reason: str | None = None
) -> None:
    row = uow.pushes.delivered(staff_id, kind, day)
    if row is not None:
        row.status, row.reason, row.finished_at = status, reason, now


def already(uow: UnitOfWork, staff_id: int, kind: str, day: date) -> bool:
    return uow.pushes.delivered(staff_id, kind, day) is not None


def visited_today(uow: UnitOfWork, staff_id: int, start: datetime) -> bool:
    return uow.targets.visit_count(staff_id, start, start + timedelta(days=1)) > 0
