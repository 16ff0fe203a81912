"""What the scheduled pushes say: the morning brief, the evening nudge and the weekly recap.

The scheduler (bot/) decides when; these functions decide what, from the same services as the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers import messages, metrics
from handlers.formatting import Formatter
from handlers.types import Reply, TextReply
from knowledge.workcal import WorkCalendar
from storage.enums import Role
from storage.services import customers, spot_checks, targets, tasks, team, visits
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

STALE_SHOWN = 3
TODAY_SHOWN = 8
OVERDUE_SHOWN = 5
Translate = Callable[..., str]


def translator(locale: str) -> Translate:
    def t(key: str, **params: Any) -> str:
        return messages.text(locale, key, **params)

    return t


def progress_lines(uow: UnitOfWork, user: StaffView, today: date, calendar: WorkCalendar) -> list[str]:
    """One line per target of this month: done/target (share), then the daily pace still needed."""
    t, fmt = translator(user.locale), Formatter(user.locale)
    lines = []
    for row in targets.progress(uow, user.id, today, ZoneInfo(user.timezone), calendar.is_workday):
        line = t(
            "progress.line",
            metric=metrics.label(t, row.metric),
            actual=metrics.figure(fmt, row.metric, row.actual),
            target=metrics.figure(fmt, row.metric, row.target),
            share=fmt.percent(row.share),
        )
        if row.remaining > 0:
            line += t(
                "progress.pace", days=row.remaining_workdays, pace=metrics.figure(fmt, row.metric, row.daily_pace)
            )
        else:
            line += t("progress.done")
        lines.append(line)
    return lines


def compose_brief(uow: UnitOfWork, user: StaffView, now: datetime, calendar: WorkCalendar) -> list[Reply]:
    """Today's tasks, what is overdue, this month's progress and the customers overdue a visit."""
    t, fmt = translator(user.locale), Formatter(user.locale)
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    open_tasks = tasks.open_tasks(uow, user.id)
    due_today = [task for task in open_tasks if task.due == today]
    overdue = [task for task in open_tasks if task.due and task.due < today]
    hour = now.astimezone(ZoneInfo(user.timezone)).hour
    lines = [t("brief.hello", greeting=t(_greeting(hour)), name=user.name, date=fmt.day_and_weekday(today))]
    lines.append(t("brief.today", count=len(due_today)))
    lines += [t("brief.item", title=task.title) for task in due_today[:TODAY_SHOWN]] or [t("brief.none")]
    if overdue:
        lines.append(t("brief.overdue", count=len(overdue)))
        lines += [
            t("brief.dated_item", due=fmt.short_day(x.due), title=x.title) for x in overdue[:OVERDUE_SHOWN] if x.due
        ]
    progress = progress_lines(uow, user, today, calendar)
    if progress:
        lines.append(t("brief.progress"))
        lines += [t("brief.item", title=line) for line in progress]
    stale = customers.overdue(uow, [user.id], now)[:STALE_SHOWN]
    if stale:
        lines.append(t("brief.stale"))
        lines += [t("brief.stale_line", name=c.name, tier=c.tier, days=c.days) for c in stale]
    if user.role is Role.SUPERVISOR:
        lines += team_lines(uow, user, today, calendar)
    if user.role is Role.ADMIN and today.month == 12 and not calendar.published(today.year + 1):
        lines.append(t("brief.calendar_missing", year=today.year + 1))
    return [TextReply("\n".join(lines))]


def team_lines(uow: UnitOfWork, user: StaffView, today: date, calendar: WorkCalendar) -> list[str]:
    """A supervisor's part of the brief: who is behind the month's time-elapsed line, the team's overdue
    follow-ups, and the spot checks still to answer."""
    t = translator(user.locale)
    tz = ZoneInfo(user.timezone)
    first = today.replace(day=1)
    summary = team.summary(uow, user, first, today, today, tz, calendar.is_workday)
    if not summary.lines:
        return []
    elapsed = team.elapsed_share(first, today, today, calendar.is_workday)
    behind = [line for line in summary.lines if line.progress and line.completion < elapsed]
    overdue = [line for line in summary.lines if line.followups_overdue]
    lines = [t("brief.team")]
    fmt = Formatter(user.locale)
    if behind:
        shown = [t("brief.team_behind_item", name=x.name, share=fmt.percent(x.completion)) for x in behind]
        lines.append(t("brief.team_behind", elapsed=fmt.percent(elapsed), items=fmt.join(shown)))
    else:
        lines.append(t("brief.team_on_pace", elapsed=fmt.percent(elapsed)))
    if overdue:
        shown = [t("brief.team_overdue_item", name=x.name, count=x.followups_overdue) for x in overdue]
        total = sum(x.followups_overdue for x in overdue)
        lines.append(t("brief.team_overdue", count=total, items=fmt.join(shown)))
    pending = spot_checks.pending(uow, user)
    if pending:
        lines.append(t("brief.team_checks", count=pending))
    return lines


def _greeting(hour: int) -> str:
    """早上好 only in the morning: /brief is there at any hour."""
    if 5 <= hour < 11:
        return "greeting.morning"
    if 11 <= hour < 13:
        return "greeting.noon"
    if 13 <= hour < 18:
        return "greeting.afternoon"
    return "greeting.evening"


def compose_nudge(uow: UnitOfWork, user: StaffView, now: datetime, calendar: WorkCalendar) -> list[Reply]:
    return [TextReply(translator(user.locale)("nudge.text", name=user.name))]


def compose_recap(uow: UnitOfWork, user: StaffView, now: datetime, calendar: WorkCalendar) -> list[Reply]:
    """The first working day of the week: last week's visits and this week's follow-ups."""
    t, fmt = translator(user.locale), Formatter(user.locale)
    tz = ZoneInfo(user.timezone)
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday - timedelta(days=7), time(0), tz)
    done = visits.visits_between(uow, user.id, start, datetime.combine(monday, time(0), tz))
    week_end = monday + timedelta(days=6)
    coming = [task for task in tasks.open_tasks(uow, user.id) if task.due and monday <= task.due <= week_end]
    lines = [
        t("recap.title"),
        t("recap.visits", visits=len(done), customers=len({v.customer for v in done})),
        t("recap.coming", count=len(coming)),
    ]
    lines += [t("brief.dated_item", due=fmt.short_day(x.due), title=x.title) for x in coming[:TODAY_SHOWN] if x.due]
    return [TextReply("\n".join(lines))]
