"""Team summaries for supervisors: a few grouped queries for all managers in scope, never one loop per manager."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from storage.models import Contact
from storage.services import customers, org, spot_checks, targets
from storage.services.spot_checks import Tally
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
    checks: Tally | None = None  # spot checks of this manager's visits made in the period

    @property
    def completion(self) -> float:
        """Average share of the period's targets reached (each capped at 150%)."""
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
    contact: str | None = None
    outcome: str | None = None


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
    if end < today:  # a period that is over: what was due in it and still open when it ended
        overdue = uow.tasks.overdue_counts(ids, end + timedelta(days=1), due_from=start, open_at=until)
    else:
        overdue = uow.tasks.overdue_counts(ids, today)
    progress = targets.progress_many(uow, ids, today, tz, is_workday, span=target_span(start, end, today))
    checks = spot_checks.tallies(uow, ids, since, until)
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
            checks.get(p.id),
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


def target_span(start: date, end: date, today: date) -> tuple[date, date]:
    """The months whose targets a period is measured against: all of them for whole months (上月, 本季度, 本年),
    otherwise the month the period ends in (to date): a week or a day is read against its month."""
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months:
        return start, end
    month = min(end, today)
    return month, month


def elapsed_share(start: date, end: date, today: date, is_workday: Callable[[date], bool]) -> float:
    """The share of the target months' working days gone by the end of today (时序进度): where a manager on
    pace stands now."""
    first, last = target_span(start, end, today)
    first, last = first.replace(day=1), targets.month_bounds(last)[1]
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    workdays = [d for d in days if is_workday(d)]
    return sum(d <= today for d in workdays) / len(workdays) if workdays else 0.0


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
    contacts = uow.customers.contacts_by_ids([v.contact_id for v, _ in rows if v.contact_id is not None])
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
            _contact_label(contacts.get(v.contact_id) if v.contact_id is not None else None),
            v.outcome,
        )
        for v, c in rows
    ]


def _contact_label(contact: Contact | None) -> str | None:
    if contact is None:
        return None
    return f"{contact.name}({contact.title})" if contact.title and contact.title not in contact.name else contact.name


def _utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)
