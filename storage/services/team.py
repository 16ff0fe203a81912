"""Team summaries for supervisors: a few grouped queries for all managers in scope, never one loop per manager."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from storage.services import customers, org, targets
from storage.services.staff import StaffView
from storage.services.targets import Progress
from storage.uow import UnitOfWork

KEY_TIER = "A"
STALE_SHOWN = 5


@dataclass(frozen=True)
class ManagerLine:
    staff_id: int
    name: str
    team: str
    visits: int
    customers: int
    new_customers: int
    followups_done: int
    followups_overdue: int
    progress: tuple[Progress, ...]

    @property
    def completion(self) -> float:
        """Average share of this month's targets reached (each capped at 150%)."""
        shares = [min(p.share, 1.5) for p in self.progress]
        return sum(shares) / len(shares) if shares else 0.0


@dataclass(frozen=True)
class StaleKeyCustomer:
    name: str
    owner: str
    days: int


@dataclass(frozen=True)
class TeamSummary:
    lines: tuple[ManagerLine, ...]
    idle: tuple[str, ...]
    stale_key_customers: tuple[StaleKeyCustomer, ...]
    start: date
    end: date


@dataclass(frozen=True)
class TeamVisit:
    """One raw visit of the team, for the Excel export."""

    occurred_at: datetime
    manager: str
    customer: str
    channel: str
    products: tuple[str, ...]
    amount: Decimal | None
    follow_up: date | None
    note: str | None
    time_known: bool = True


def summary(
    uow: UnitOfWork,
    actor: StaffView,
    start: date,
    end: date,
    today: date,
    tz: ZoneInfo,
    is_workday: Callable[[date], bool],
    only: str | None = None,
) -> TeamSummary:
    people = org.managers_in_scope(uow, actor, only)
    ids = [p.id for p in people]
    if not ids:
        return TeamSummary((), (), (), start, end)
    since, until = _utc(start, tz), _utc(end + timedelta(days=1), tz)
    visits = uow.visits.counts(ids, since, until)
    new = uow.customers.new_counts(ids, since, until)
    done = uow.tasks.done_counts(ids, since, until)
    overdue = uow.tasks.overdue_counts(ids, today)
    progress = targets.progress_many(uow, ids, today, tz, is_workday, month_of=min(end, today))
    lines = [
        ManagerLine(
            p.id,
            p.name,
            p.team,
            *visits.get(p.id, (0, 0)),
            new.get(p.id, 0),
            done.get(p.id, 0),
            overdue.get(p.id, 0),
            tuple(progress.get(p.id, ())),
        )
        for p in people
    ]
    lines.sort(key=lambda line: (-line.visits, -line.completion, line.name))
    idle = tuple(line.name for line in lines if line.visits == 0)
    names = {p.id: p.name for p in people}
    stale = tuple(
        StaleKeyCustomer(c.name, names.get(c.owner_id, ""), c.days)
        for c in customers.overdue(uow, ids, _utc(today, tz), tier=KEY_TIER)[:STALE_SHOWN]
    )
    return TeamSummary(tuple(lines), idle, stale, start, end)


def visits_in_scope(
    uow: UnitOfWork, actor: StaffView, start: date, end: date, tz: ZoneInfo, only: str | None = None
) -> list[TeamVisit]:
    """Raw visits of the managers in scope, oldest first, for the Excel export."""
    people = {p.id: p.name for p in org.managers_in_scope(uow, actor, only)}
    if not people:
        return []
    rows = uow.visits.between(
        list(people), _utc(start, tz), _utc(end + timedelta(days=1), tz), limit=None, newest_first=False
    )
    return [
        TeamVisit(
            v.occurred_at,
            people[v.staff_id],
            c.name,
            v.channel,
            tuple(v.products),
            v.amount,
            v.follow_up_date,
            v.note or v.purpose,
            v.time_known,
        )
        for v, c in rows
    ]


def _utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)
