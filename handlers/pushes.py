"""What the scheduled pushes say: the morning brief, the evening nudge and the weekly recap.

The scheduler (bot/) decides when; these functions decide what, from the same services as the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from handlers import messages
from handlers.types import Reply, TextReply
from knowledge.workcal import WorkCalendar
from storage.services import targets, visits
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

TIER_INTERVAL_DAYS = {"A": 30, "B": 90, "C": 180}  # 考核政策: A 每月, B 每季度, C 每半年
STALE_SHOWN = 3
Translate = Callable[..., str]


def translator(locale: str) -> Translate:
    def t(key: str, **params: Any) -> str:
        return messages.text(locale, key, **params)

    return t


def metric_label(t: Translate, metric: str) -> str:
    """A built-in metric's catalogue name, or a custom metric's own name."""
    return metric.removeprefix(targets.CUSTOM) if metric.startswith(targets.CUSTOM) else t(f"metric.{metric}")


def money(metric: str, amount: Decimal) -> str:
    if metric in targets.COUNT_METRICS or (metric.startswith(targets.CUSTOM) and amount < Decimal(10_000)):
        return f"{amount.normalize():f}"
    if amount >= Decimal(100_000_000):
        return f"{(amount / Decimal(100_000_000)).quantize(Decimal('0.01')).normalize():f}亿"
    if amount >= Decimal(10_000):
        return f"{(amount / Decimal(10_000)).quantize(Decimal('0.1')).normalize():f}万"
    return f"{amount.quantize(Decimal(1)).normalize():f}元"


def progress_lines(uow: UnitOfWork, user: StaffView, today: date, t: Translate, calendar: WorkCalendar) -> list[str]:
    lines = []
    for row in targets.progress(uow, user.id, today, ZoneInfo(user.timezone), calendar.is_workday):
        name = metric_label(t, row.metric)
        line = t(
            "progress.line",
            metric=name,
            actual=money(row.metric, row.actual),
            target=money(row.metric, row.target),
            share=f"{row.share:.0%}",
        )
        if row.remaining > 0:
            line += t("progress.pace", days=row.remaining_workdays, pace=money(row.metric, row.daily_pace))
        else:
            line += t("progress.done")
        lines.append(line)
    return lines


def compose_brief(uow: UnitOfWork, user: StaffView, now: datetime, calendar: WorkCalendar) -> list[Reply]:
    t = translator(user.locale)
    local = now.astimezone(ZoneInfo(user.timezone))
    today = local.date()
    tasks = visits.open_tasks(uow, user.id)
    due_today = [task for task in tasks if task.due == today]
    overdue = [task for task in tasks if task.due and task.due < today]
    lines = [
        t(
            "brief.hello",
            name=user.name,
            date=f"{today.month}月{today.day}日",
            weekday="一二三四五六日"[today.weekday()],
        )
    ]
    lines.append(t("brief.today", count=len(due_today)))
    lines += [f" · {task.title}" for task in due_today[:8]] or [t("brief.none")]
    if overdue:
        lines.append(t("brief.overdue", count=len(overdue)))
        lines += [f" · {task.due:%m-%d} {task.title}" for task in overdue[:5] if task.due]
    progress = progress_lines(uow, user, today, t, calendar)
    if progress:
        lines.append(t("brief.progress"))
        lines += [f" · {line}" for line in progress]
    stale = _stale(uow, user.id, now)
    if stale:
        lines.append(t("brief.stale"))
        lines += [t("brief.stale_line", name=n, tier=tier, days=d) for n, tier, d in stale[:STALE_SHOWN]]
    return [TextReply("\n".join(lines))]


def compose_nudge(uow: UnitOfWork, user: StaffView, now: datetime) -> list[Reply]:
    return [TextReply(translator(user.locale)("nudge.text", name=user.name))]


def compose_recap(uow: UnitOfWork, user: StaffView, now: datetime) -> list[Reply]:
    """The first working day of the week: last week's visits and this week's follow-ups."""
    t = translator(user.locale)
    tz = ZoneInfo(user.timezone)
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday - timedelta(days=7), time(0), tz)
    end = datetime.combine(monday, time(0), tz)
    done = visits.visits_between(uow, user.id, start, end)
    week_end = monday + timedelta(days=6)
    coming = [task for task in visits.open_tasks(uow, user.id) if task.due and monday <= task.due <= week_end]
    customers = len({v.customer for v in done})
    lines = [
        t("recap.title"),
        t("recap.visits", visits=len(done), customers=customers),
        t("recap.coming", count=len(coming)),
    ]
    lines += [f" · {task.due:%m-%d} {task.title}" for task in coming[:8] if task.due]
    return [TextReply("\n".join(lines))]


def _stale(uow: UnitOfWork, staff_id: int, now: datetime) -> list[tuple[str, str, int]]:
    """Customers not visited for longer than their tier's interval, longest first."""
    found = []
    for customer, last in uow.targets.stale_customers(staff_id):
        interval = TIER_INTERVAL_DAYS.get(customer.tier, 180)
        since = last or customer.created_at
        days = (now - since).days
        if days > interval:
            found.append((customer.name, customer.tier, days))
    return sorted(found, key=lambda row: -row[2])
