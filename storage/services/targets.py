"""Targets, results and progress: month-to-date against the goal, and the daily pace still needed."""

from __future__ import annotations

import calendar as monthcal
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from knowledge.simplify import fold
from storage.enums import PeriodKind, Role
from storage.errors import Forbidden, NotFound
from storage.models import ResultEntry
from storage.services import audit, customers, org
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

# metric code → how managers say it; counts are whole numbers, the rest are yuan
METRICS = {
    "visits": ("拜访", "拜访量", "visits"),
    "new_customers": ("新客户", "新增客户", "新客", "new_customers"),
    "deposits": ("存款", "deposits"),
    "loans": ("贷款", "loans"),
    "wealth": ("理财", "基金", "理财基金", "wealth"),
    "credit_cards": ("信用卡", "credit_cards"),
    "payroll": ("代发", "代发工资", "payroll"),
}
COUNT_METRICS = ("visits", "new_customers", "credit_cards", "payroll")


class UnknownMetric(NotFound):
    code = "error.unknown_metric"


@dataclass(frozen=True)
class Progress:
    metric: str
    target: Decimal
    actual: Decimal
    remaining_workdays: int

    @property
    def share(self) -> float:
        return float(self.actual / self.target) if self.target else 0.0

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.target - self.actual)

    @property
    def daily_pace(self) -> Decimal:
        """What is still needed per remaining working day (0 once the target is reached)."""
        if self.remaining == 0:
            return Decimal(0)
        days = max(self.remaining_workdays, 1)
        places = Decimal(1) if self.metric in COUNT_METRICS else Decimal("0.01")
        return (self.remaining / days).quantize(places, rounding=ROUND_HALF_UP)


CUSTOM = "custom:"
_CUSTOM_NAME = re.compile(r"^[\w\u4e00-\u9fff]{1,16}$")


def metric_code(word: str, *, custom_ok: bool = False) -> str:
    """The code of a built-in metric, or (where allowed: admins defining one) `custom:<name>`; the name is folded
    (width, case, traditional to simplified) so that 手機銀行 and ｄｅｐｏｓｉｔｓ never make a second metric."""
    folded = fold(word.strip())
    for code, words in METRICS.items():
        if folded in words:
            return code
    if custom_ok and _CUSTOM_NAME.match(folded):
        return CUSTOM + folded
    raise UnknownMetric(word=word)


def known_metric(uow: UnitOfWork, word: str) -> str:
    """A built-in metric, or a custom one an admin has already set targets for."""
    code = metric_code(word, custom_ok=True)
    if code.startswith(CUSTOM) and not uow.targets.metric_defined(code):
        raise UnknownMetric(word=word)
    return code


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=monthcal.monthrange(day.year, day.month)[1])


def progress(
    uow: UnitOfWork, staff_id: int, today: date, tz: ZoneInfo, is_workday: Callable[[date], bool]
) -> list[Progress]:
    """Month-to-date progress on each of this month's targets of one manager."""
    return progress_many(uow, [staff_id], today, tz, is_workday).get(staff_id, [])


def progress_many(
    uow: UnitOfWork,
    staff_ids: Sequence[int],
    today: date,
    tz: ZoneInfo,
    is_workday: Callable[[date], bool],
    *,
    span: tuple[date, date] | None = None,
) -> dict[int, list[Progress]]:
    """Progress on the monthly targets of the months `span` touches (this month by default; a quarter or a year
    sums its months), for many managers in a few grouped queries: to date while the span runs, whole once it is
    over (no working day left), none done yet for a future one. The pace counts today if it is a working day."""
    if not staff_ids:
        return {}
    first = month_bounds((span or (today, today))[0])[0]
    last = month_bounds((span or (today, today))[1])[1]
    counted_from = max(today, first)
    remaining = sum(is_workday(counted_from + timedelta(days=i)) for i in range((last - counted_from).days + 1))
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    visits = uow.visits.counts(staff_ids, start, end)
    new_customers = uow.customers.new_counts(staff_ids, start, end)
    results = _results(uow, staff_ids, first, min(today, last))
    goals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    month = first
    while month <= last:
        for goal in uow.targets.for_staff(staff_ids, PeriodKind.MONTH, month):
            assert goal.staff_id is not None
            goals[(goal.staff_id, goal.metric)] += Decimal(goal.amount)
        month = month_bounds(month)[1] + timedelta(days=1)
    found: dict[int, list[Progress]] = defaultdict(list)
    for (staff_id, metric), amount in goals.items():
        if metric == "visits":
            actual = Decimal(visits.get(staff_id, (0, 0))[0])
        elif metric == "new_customers":
            actual = Decimal(new_customers.get(staff_id, 0))
        else:
            actual = results.get((staff_id, metric), Decimal(0))
        found[staff_id].append(Progress(metric, amount, actual, remaining))
    return dict(found)


def _results(uow: UnitOfWork, staff_ids: Sequence[int], first: date, last: date) -> dict[tuple[int, str], Decimal]:
    """Results per manager and metric; the bank's export, where present, is authoritative over self-reported
    figures for that metric and day."""
    by_day: dict[tuple[int, str, date], dict[str, Decimal]] = defaultdict(dict)
    for staff_id, metric, day, source, amount in uow.targets.result_sums(staff_ids, first, last):
        by_day[(staff_id, metric, day)][source] = amount
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for (staff_id, metric, _), sources in by_day.items():
        totals[(staff_id, metric)] += sources.get("import", sources.get("self", Decimal(0)))
    return totals


def set_target(
    uow: UnitOfWork, actor: StaffView, name: str, metric_word: str, amount: Decimal, today: date, now: datetime
) -> str:
    """A supervisor sets a monthly target for someone in their teams (an admin for anyone)."""
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise Forbidden()
    metric = metric_code(metric_word, custom_ok=True) if actor.role is Role.ADMIN else known_metric(uow, metric_word)
    person = org.person_in_scope(uow, actor, name)
    uow.targets.upsert(person.id, metric, PeriodKind.MONTH, today.replace(day=1), amount, actor.id, now)
    audit.record(
        uow,
        actor.id,
        "target_set",
        now,
        entity="staff",
        entity_id=person.id,
        detail={"metric": metric, "amount": str(amount)},
    )
    return person.name


def report_result(
    uow: UnitOfWork, staff_id: int, metric_word: str, amount: Decimal, customer: str | None, day: date, now: datetime
) -> str | None:
    """/done: a self-reported result, optionally for one of the manager's own customers."""
    metric = known_metric(uow, metric_word)
    customer_id = None
    name = None
    if customer:
        match = customers.match_customer(uow, staff_id, customer)
        if match.kind != "one":
            raise NotFound()
        customer_id, name = match.choices[0].id, match.choices[0].name
    uow.targets.add_result(
        ResultEntry(
            staff_id=staff_id,
            metric=metric,
            day=day,
            amount=amount,
            source="self",
            customer_id=customer_id,
            created_at=now,
        )
    )
    return name
