"""Supervisors' view of their teams: /team (text, chart, Excel), /spotcheck, and the evening team digest."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers import charts, exports, metrics
from handlers.context import Context
from handlers.formatting import Formatter
from handlers.periods import period
from handlers.pushes import Translate, translator
from handlers.registry import Command, Feature
from handlers.types import DocumentReply, ImageReply, Reply, TextReply
from knowledge.workcal import WorkCalendar
from storage.enums import Role
from storage.services import spot_checks, team
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
EXCEL_WORDS = ("excel", "xlsx", "表格")


@dataclass(frozen=True)
class TeamRequest:
    first: date
    last: date
    label: str
    only: str | None
    excel: bool


def team_request(args: str, today: date) -> TeamRequest | None:
    """`本月 张伟 excel` in any order; None when more than one word is neither a period nor `excel`."""
    words = args.split()
    excel = any(w.lower() in EXCEL_WORDS for w in words)
    words = [w for w in words if w.lower() not in EXCEL_WORDS]
    found = next(((w, p) for w in words if (p := period(w, today)) is not None), None)
    first, last, label = found[1] if found else (today, today, "今天")
    rest = [w for w in words if not found or w != found[0]]
    if len(rest) > 1:
        return None
    return TeamRequest(first, last, label, rest[0] if rest else None, excel)


_PERIOD_LIKE = re.compile(r"^\d+$|(?:年|月|季度?|周|星期|礼拜|天|日|号)$")  # 明年, 这个季度: a period not understood


def team_command(ctx: Context, args: str) -> list[Reply]:
    """/team [今天|本周|上周|本月|上月|11月] [姓名] [excel]"""
    assert ctx.user is not None
    today = ctx.local_now.date()
    ask = team_request(args, today)
    if ask is None or (ask.only is not None and _PERIOD_LIKE.search(ask.only)):
        return [TextReply(ctx.t("team.usage"))]
    summary = team.summary(ctx.uow, ctx.user, ask.first, ask.last, today, ctx.tz, ctx.calendar.is_workday, ask.only)
    if not summary.lines:
        return [TextReply(ctx.t("team.empty"))]
    title = ctx.t("team.title", period=ask.label, first=ctx.fmt.day(ask.first), last=ctx.fmt.day(ask.last))
    replies: list[Reply] = [TextReply(summary_text(summary, title, ctx.t, ctx.fmt)), *_chart(ctx, summary)]
    if ask.excel:
        data = _excel(ctx, summary, ask.first, ask.last, ask.only)
        replies.append(DocumentReply(data, ctx.t("team.excel_name", period=ask.label), ctx.t("team.excel_caption")))
    return replies


def _chart(ctx: Context, summary: team.TeamSummary) -> list[Reply]:
    """The completion chart as a PNG, or a note when the server has no Chinese font."""
    bars = [(line.name, line.completion) for line in summary.lines if line.progress]
    if not bars:
        return []
    try:
        month = min(summary.end, ctx.local_now.date())
        title = ctx.t("team.chart_title", year=month.year, month=month.month)
        chart = charts.progress_chart(title, bars, ctx.t("team.chart_axis"))
    except charts.ChartUnavailable:
        return [TextReply(ctx.t("team.no_font"))]
    name = f"team-{summary.start:%Y%m%d}-{summary.end:%Y%m%d}.png"
    return [ImageReply(chart, name, ctx.t("team.chart_caption"))]


def summary_text(summary: team.TeamSummary, title: str, t: Translate, fmt: Formatter) -> str:
    """Short lines for a phone: a ranked block per manager, then who has not logged and overdue key customers."""
    lines = [title]
    for rank, line in enumerate(summary.lines, start=1):
        lines += _manager_block(rank, line, t, fmt)
    if summary.idle:
        lines.append(t("team.idle", names=fmt.join(summary.idle)))
    if summary.stale_key_customers:
        shown = [t("team.stale_item", name=c.name, owner=c.owner, days=c.days) for c in summary.stale_key_customers]
        lines.append(t("team.stale", items=fmt.join(shown)))
    return "\n".join(lines)


def _manager_block(rank: int, line: team.ManagerLine, t: Translate, fmt: Formatter) -> list[str]:
    visits = t(
        "team.line", rank=rank, name=line.name, visits=line.visits, customers=line.customers, new=line.new_customers
    )
    lines = [visits, t("team.followups", done=line.followups_done, overdue=line.followups_overdue)]
    for p in line.progress:
        reached = t("team.target", metric=metrics.label(t, p.metric), share=fmt.percent(p.share))
        if p.remaining == 0:
            pace = t("team.reached")
        elif p.remaining_workdays == 0:
            pace = t("team.missed")  # a month that is over
        else:
            pace = t("team.pace", pace=metrics.figure(fmt, p.metric, p.daily_pace))
        lines.append(reached + pace)
    return lines


SUMMARY_COLUMNS = ("rank", "name", "team", "visits", "customers", "new_customers", "followups_done", "overdue")
RAW_COLUMNS = ("time", "manager", "customer", "channel", "products", "amount", "follow_up", "note")


def _excel(ctx: Context, summary: team.TeamSummary, first: date, last: date, only: str | None) -> bytes:
    assert ctx.user is not None
    fmt = ctx.fmt
    measured = sorted({p.metric for line in summary.lines for p in line.progress})
    headers = [ctx.t(f"excel.col.{c}") for c in SUMMARY_COLUMNS]
    headers += [ctx.t("excel.col.share", metric=metrics.label(ctx.t, m)) for m in measured]
    headers += [ctx.t("excel.col.pace", metric=metrics.label(ctx.t, m)) for m in measured]
    rows = []
    for rank, line in enumerate(summary.lines, start=1):
        by_metric = {p.metric: p for p in line.progress}
        shares = [fmt.percent(by_metric[m].share) if m in by_metric else "" for m in measured]
        paces = [metrics.figure(fmt, m, by_metric[m].daily_pace) if m in by_metric else "" for m in measured]
        counts = (line.visits, line.customers, line.new_customers, line.followups_done, line.followups_overdue)
        rows.append([rank, line.name, line.team, *counts, *shares, *paces])
    raw = [_raw_row(ctx, v) for v in team.visits_in_scope(ctx.uow, ctx.user, first, last, ctx.tz, only)]
    raw_headers = [ctx.t(f"excel.raw.{c}") for c in RAW_COLUMNS]
    return exports.workbook(
        [(ctx.t("excel.summary_sheet"), headers, rows), (ctx.t("excel.raw_sheet"), raw_headers, raw)]
    )


def _raw_row(ctx: Context, v: team.TeamVisit) -> list[object]:
    return [
        v.occurred_at.astimezone(ctx.tz).strftime("%Y-%m-%d %H:%M" if v.time_known else "%Y-%m-%d"),
        v.manager,
        v.customer,
        v.channel,
        ctx.fmt.join(v.products),
        float(v.amount) if v.amount is not None else "",
        v.follow_up.isoformat() if v.follow_up else "",
        v.note or "",
    ]


def spotcheck(ctx: Context, args: str) -> list[Reply]:
    """/spotcheck 张伟 5: random recent visits of one manager, each with ✓/✗ buttons for the result."""
    assert ctx.user is not None
    parts = args.split()
    if not parts or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return [TextReply(ctx.t("spot.usage"))]
    count = min(int(parts[1]) if len(parts) == 2 else 5, 20)
    picked = spot_checks.pick(ctx.uow, ctx.user, parts[0], count, ctx.now, random.Random())
    if not picked:
        return [TextReply(ctx.t("spot.none", name=parts[0]))]
    lines = [ctx.t("spot.header", name=parts[0], count=len(picked))]
    rows = []
    for index, item in enumerate(picked, start=1):
        when = ctx.fmt.short_moment(item.occurred_at.astimezone(ctx.tz), with_clock=item.time_known)
        lines.append(ctx.t("spot.line", index=index, when=when, customer=item.customer, channel=item.channel))
        rows.append(
            (
                ctx.button(ctx.t("spot.ok", index=index), "spot_result", visit=item.visit_id, result="ok"),
                ctx.button(ctx.t("spot.doubt", index=index), "spot_result", visit=item.visit_id, result="doubt"),
            )
        )
    return [TextReply("\n".join(lines), buttons=tuple(rows))]


def spot_result(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    spot_checks.record(ctx.uow, ctx.user, int(payload["visit"]), str(payload["result"]), ctx.now)
    return [TextReply(ctx.t("spot.recorded_ok" if payload["result"] == "ok" else "spot.recorded_doubt"))]


def compose_digest(uow: UnitOfWork, user: StaffView, now: datetime, calendar: WorkCalendar) -> list[Reply]:
    """The supervisor's evening digest: today's summary for their teams and who did not log."""
    t, fmt = translator(user.locale), Formatter(user.locale)
    tz = ZoneInfo(user.timezone)
    today = now.astimezone(tz).date()
    summary = team.summary(uow, user, today, today, today, tz, calendar.is_workday)
    title = t("digest.title", date=fmt.day(today))
    if not summary.lines:
        return [TextReply(title + "\n" + t("team.empty"))]
    return [TextReply(summary_text(summary, title, t, fmt))]


FEATURE = Feature(
    commands=(
        Command("team", team_command, "cmd.team", roles=SUPERVISORS),
        Command("spotcheck", spotcheck, "cmd.spotcheck", roles=SUPERVISORS),
    ),
    actions={"spot_result": spot_result},
)
