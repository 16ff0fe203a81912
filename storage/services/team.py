"""Team summaries for supervisors: a few grouped queries for all managers in scope, never one loop per manager."""

from __future__ import annotations

import calendar as monthcal
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from storage.errors import Forbidden
from storage.models import Customer, PeriodKind, ResultEntry, Role, SpotCheck, Staff, Target, Task, Visit
from storage.services import audit, org
from storage.services.staff import StaffView
from storage.services.targets import Progress
from storage.uow import UnitOfWork

KEY_TIER = "A"
KEY_INTERVAL_DAYS = 30


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
class TeamSummary:
    lines: tuple[ManagerLine, ...]
    idle: tuple[str, ...]
    stale_key_customers: tuple[tuple[str, str, int], ...]
    start: date
    end: date


def managers_in_scope(uow: UnitOfWork, actor: StaffView, only: str | None = None) -> list[tuple[Staff, str]]:
    """Active managers in the units the actor leads (admins: all); naming someone outside is refused."""
    units = {u.id: u.name for u in uow.units.by_ids(org.scope_unit_ids(uow, actor))}
    people = [
        (s, units[s.unit_id])
        for s in uow.units.members(list(units))
        if s.role is Role.MANAGER and s.unit_id is not None
    ]
    if only is not None:
        people = [(s, team) for s, team in people if s.name == only or s.staff_no == only]
        if not people:
            raise Forbidden()
    return people


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
    people = managers_in_scope(uow, actor, only)
    ids = [s.id for s, _ in people]
    if not ids:
        return TeamSummary((), (), (), start, end)
    since, until = _utc(start, tz), _utc(end + timedelta(days=1), tz)
    s = uow.session
    visit_rows = s.execute(
        select(Visit.staff_id, func.count(), func.count(func.distinct(Visit.customer_id)))
        .where(
            Visit.staff_id.in_(ids), Visit.occurred_at >= since, Visit.occurred_at < until, Visit.withdrawn_at.is_(None)
        )
        .group_by(Visit.staff_id)
    ).all()
    visits = {row[0]: (int(row[1]), int(row[2])) for row in visit_rows}
    new = _count_by(uow, Customer.owner_id, ids, Customer.created_at >= since, Customer.created_at < until)
    done = _count_by(uow, Task.owner_id, ids, Task.done_at >= since, Task.done_at < until)
    overdue = _count_by(uow, Task.owner_id, ids, Task.done_at.is_(None), Task.due_date < today)
    progress = progress_many(uow, ids, today, tz, is_workday)
    lines = [
        ManagerLine(
            p.id,
            p.name,
            team,
            *visits.get(p.id, (0, 0)),
            new.get(p.id, 0),
            done.get(p.id, 0),
            overdue.get(p.id, 0),
            tuple(progress.get(p.id, ())),
        )
        for p, team in people
    ]
    lines.sort(key=lambda line: (-line.visits, -line.completion, line.name))
    idle = tuple(line.name for line in lines if line.visits == 0)
    return TeamSummary(
        tuple(lines), idle, _stale_key(uow, ids, {p.id: p.name for p, _ in people}, today, tz), start, end
    )


def progress_many(
    uow: UnitOfWork, ids: Sequence[int], today: date, tz: ZoneInfo, is_workday: Callable[[date], bool]
) -> dict[int, list[Progress]]:
    """This month's progress for many managers at once (the same rules as targets.progress)."""
    first = today.replace(day=1)
    last = today.replace(day=monthcal.monthrange(today.year, today.month)[1])
    remaining = sum(is_workday(today + timedelta(days=i)) for i in range((last - today).days + 1))
    s = uow.session
    goals = s.scalars(
        select(Target).where(Target.staff_id.in_(ids), Target.period == PeriodKind.MONTH, Target.period_start == first)
    ).all()
    since, until = _utc(first, tz), _utc(last + timedelta(days=1), tz)
    visit_counts = _count_by(
        uow, Visit.staff_id, ids, Visit.occurred_at >= since, Visit.occurred_at < until, Visit.withdrawn_at.is_(None)
    )
    new_counts = _count_by(uow, Customer.owner_id, ids, Customer.created_at >= since, Customer.created_at < until)
    sums: dict[tuple[int, str, date], dict[str, Decimal]] = defaultdict(dict)
    for staff_id, metric, day, source, amount in s.execute(
        select(
            ResultEntry.staff_id, ResultEntry.metric, ResultEntry.day, ResultEntry.source, func.sum(ResultEntry.amount)
        )
        .where(ResultEntry.staff_id.in_(ids), ResultEntry.day >= first, ResultEntry.day <= min(today, last))
        .group_by(ResultEntry.staff_id, ResultEntry.metric, ResultEntry.day, ResultEntry.source)
    ).all():
        sums[(staff_id, metric, day)][source] = Decimal(amount or 0)
    money: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for (staff_id, metric, _), by_source in sums.items():
        money[(staff_id, metric)] += by_source.get("import", by_source.get("self", Decimal(0)))
    result: dict[int, list[Progress]] = defaultdict(list)
    for goal in goals:
        assert goal.staff_id is not None
        if goal.metric == "visits":
            actual = Decimal(visit_counts.get(goal.staff_id, 0))
        elif goal.metric == "new_customers":
            actual = Decimal(new_counts.get(goal.staff_id, 0))
        else:
            actual = money.get((goal.staff_id, goal.metric), Decimal(0))
        result[goal.staff_id].append(Progress(goal.metric, Decimal(goal.amount), actual, remaining))
    return result


def _stale_key(
    uow: UnitOfWork, ids: Sequence[int], names: dict[int, str], today: date, tz: ZoneInfo
) -> tuple[tuple[str, str, int], ...]:
    """The team's A-tier customers whose latest visit is older than the A-tier interval; the latest open visit
    of each is one seek in the partial index on open visits."""
    latest_visit = (
        select(func.max(Visit.occurred_at))
        .where(Visit.customer_id == Customer.id, Visit.withdrawn_at.is_(None))
        .correlate(Customer)
        .scalar_subquery()
    )
    rows = uow.session.execute(
        select(Customer.name, Customer.owner_id, latest_visit, Customer.created_at).where(
            Customer.owner_id.in_(ids), Customer.tier == KEY_TIER
        )
    ).all()
    now = _utc(today, tz)
    found = []
    for name, owner, latest, created in rows:
        since = latest or created
        days = (now - since).days
        if days > KEY_INTERVAL_DAYS:
            found.append((name, names.get(owner, ""), days))
    return tuple(sorted(found, key=lambda row: -row[2])[:5])


def visits_in_scope(
    uow: UnitOfWork, actor: StaffView, start: date, end: date, tz: ZoneInfo, only: str | None = None
) -> list[tuple[Visit, str, str]]:
    """Raw visits of the managers in scope, for the Excel export: (visit, manager, customer)."""
    people = {s.id: s.name for s, _ in managers_in_scope(uow, actor, only)}
    if not people:
        return []
    rows = uow.session.execute(
        select(Visit, Customer.name)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(
            Visit.staff_id.in_(list(people)),
            Visit.occurred_at >= _utc(start, tz),
            Visit.occurred_at < _utc(end + timedelta(days=1), tz),
            Visit.withdrawn_at.is_(None),
        )
        .order_by(Visit.occurred_at)
    ).all()
    return [(row[0], people[row[0].staff_id], row[1]) for row in rows]


def _utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def _count_by(uow: UnitOfWork, key: Any, ids: Sequence[int], *conditions: Any) -> dict[int, int]:
    """Row counts per owner (staff) for the given owners, in one grouped query."""
    stmt = select(key, func.count()).where(key.in_(ids), *conditions).group_by(key)
    return {int(row[0]): int(row[1]) for row in uow.session.execute(stmt).all()}


def pick_for_spot_check(
    uow: UnitOfWork, actor: StaffView, name: str, count: int, now: datetime, rng: random.Random
) -> list[tuple[int, str, datetime, str]]:
    """`count` random visits of the last 30 days by a manager in scope, registered for checking."""
    person = managers_in_scope(uow, actor, name)[0][0]
    rows = uow.session.execute(
        select(Visit.id, Customer.name, Visit.occurred_at, Visit.channel)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.staff_id == person.id, Visit.occurred_at >= now - timedelta(days=30), Visit.withdrawn_at.is_(None))
    ).all()
    chosen = rng.sample(list(rows), min(count, len(rows)))
    for visit_id, *_ in chosen:
        if (
            uow.session.scalar(
                select(SpotCheck).where(SpotCheck.supervisor_id == actor.id, SpotCheck.visit_id == visit_id)
            )
            is None
        ):
            uow.session.add(SpotCheck(supervisor_id=actor.id, visit_id=visit_id, at=now))
    audit.record(
        uow,
        actor.id,
        "spot_check_started",
        now,
        entity="staff",
        entity_id=person.id,
        detail={"visits": [int(v[0]) for v in chosen]},
    )
    return [(int(v), str(c), at, str(ch)) for v, c, at, ch in chosen]


def record_spot_check(uow: UnitOfWork, actor: StaffView, visit_id: int, result: str, now: datetime) -> None:
    row = uow.session.scalar(
        select(SpotCheck).where(SpotCheck.supervisor_id == actor.id, SpotCheck.visit_id == visit_id)
    )
    if row is None:
        raise Forbidden()
    row.result, row.at = result, now
    audit.record(uow, actor.id, "spot_check", now, entity="visit", entity_id=visit_id, detail={"result": result})
