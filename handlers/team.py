"""Supervisors' view of their teams: /team (text, chart, Excel), /spotcheck, and the evening team digest."""

from __future__ import annotations

import calendar as monthcal
import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.charts import ChartUnavailable, progress_chart
from handlers.context import Context
from handlers.exports import workbook
from handlers.pushes import Translate, metric_label, money, translator
from handlers.registry import Command, Feature
from handlers.types import DocumentReply, ImageReply, Reply, TextReply
from knowledge.workcal import WorkCalendar
from storage.models import Role
from storage.services import team
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
MONTH = re.compile(r"^(\d{1,2})月$")


def period(word: str, today: date) -> tuple[date, date, str] | None:
    """(first day, last day, label) for 今天/本周/上周/本月/上月/11月; None when the word is not a period."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    if word in ("", "今天", "今日"):
        return today, today, "今天"
    if word == "本周":
        return monday, today, "本周"
    if word == "上周":
        return monday - timedelta(days=7), monday - timedelta(days=1), "上周"
    if word == "本月":
        return first_of_month, today, "本月"
    if word == "上月":
        last = first_of_month - timedelta(days=1)
        return last.replace(day=1), last, "上月"
    if match := MONTH.match(word):
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return None
        year = today.year if month <= today.month else today.year - 1
        last = date(year, month, monthcal.monthrange(year, month)[1])
        return date(year, month, 1), min(last, today), f"{month}月"
    return None


def team_command(ctx: Context, args: str) -> list[Reply]:
    """/team [今天|本周|上周|本月|上月|11月] [姓名] [excel]"""
    assert ctx.user is not None
    words = args.split()
    want_excel = any(w.lower() in ("excel", "xlsx", "表格") for w in words)
    words = [w for w in words if w.lower() not in ("excel", "xlsx", "表格")]
    today = ctx.local_now.date()
    found = next(((w, p) for w in words if (p := period(w, today)) is not None), None)
    first, last, label = found[1] if found else period("", today)  # type: ignore[misc]
    rest = [w for w in words if not found or w != found[0]]
    if len(rest) > 1:
        return [TextReply(ctx.t("team.usage"))]
    only = rest[0] if rest else None
    if only is not None and not ctx.uow.staff.by_name(only) and ctx.uow.staff.by_staff_no(only) is None:
        return [TextReply(ctx.t("team.usage"))]
    summary = team.summary(ctx.uow, ctx.user, first, last, today, ctx.tz, WorkCalendar().is_workday, only)
    if not summary.lines:
        return [TextReply(ctx.t("team.empty"))]
    title = ctx.t("team.title", period=label, first=f"{first.month}月{first.day}日", last=f"{last.month}月{last.day}日")
    replies: list[Reply] = [TextReply(summary_text(summary, title, ctx.t))]
    try:
        bars = [(line.name, line.completion) for line in summary.lines if line.progress]
        if bars:
            chart = progress_chart(ctx.t("team.chart_title"), bars, ctx.t("team.chart_axis"))
            replies.append(ImageReply(chart, f"team-{first:%Y%m%d}-{last:%Y%m%d}.png", ctx.t("team.chart_caption")))
    except ChartUnavailable:
        replies.append(TextReply(ctx.t("team.no_font")))
    if want_excel:
        replies.append(
            DocumentReply(
                _excel(ctx, summary, first, last, only), f"团队汇总-{label}.xlsx", ctx.t("team.excel_caption")
            )
        )
    return replies


def summary_text(summary: team.TeamSummary, title: str, t: Translate) -> str:
    """Short lines for a phone: a ranked block per manager, then who has not logged and overdue key customers."""
    lines = [title]
    for rank, line in enumerate(summary.lines, start=1):
        lines.append(
            t(
                "team.line",
                rank=rank,
                name=line.name,
                visits=line.visits,
                customers=line.customers,
                new=line.new_customers,
            )
        )
        lines.append(t("team.followups", done=line.followups_done, overdue=line.followups_overdue))
        for p in line.progress:
            pace = t("team.pace", pace=money(p.metric, p.daily_pace)) if p.remaining > 0 else " ✅"
            lines.append(t("team.target", metric=metric_label(t, p.metric), share=f"{p.share:.0%}") + pace)
    if summary.idle:
        lines.append(t("team.idle", names="、".join(summary.idle)))
    if summary.stale_key_customers:
        shown = "、".join(t("team.stale_item", name=n, owner=o, days=d) for n, o, d in summary.stale_key_customers)
        lines.append(t("team.stale", items=shown))
    return "\n".join(lines)


def _excel(ctx: Context, summary: team.TeamSummary, first: date, last: date, only: str | None) -> bytes:
    assert ctx.user is not None
    metrics = sorted({p.metric for line in summary.lines for p in line.progress})
    headers = ["排名", "姓名", "团队", "拜访次数", "拜访客户数", "新客户", "跟进完成", "跟进逾期"]
    headers += [f"{metric_label(ctx.t, m)}完成率" for m in metrics] + [
        f"{metric_label(ctx.t, m)}日均需" for m in metrics
    ]
    rows = []
    for rank, line in enumerate(summary.lines, start=1):
        by_metric = {p.metric: p for p in line.progress}
        shares = [f"{by_metric[m].share:.0%}" if m in by_metric else "" for m in metrics]
        paces = [money(m, by_metric[m].daily_pace) if m in by_metric else "" for m in metrics]
        rows.append(
            [
                rank,
                line.name,
                line.team,
                line.visits,
                line.customers,
                line.new_customers,
                line.followups_done,
                line.followups_overdue,
                *shares,
                *paces,
            ]
        )
    raw = [
        [
            v.occurred_at.astimezone(ctx.tz).strftime("%Y-%m-%d %H:%M"),
            manager,
            customer,
            v.channel,
            "、".join(v.products),
            float(v.amount) if v.amount is not None else "",
            v.follow_up_date.isoformat() if v.follow_up_date else "",
            v.note or v.purpose or "",
        ]
        for v, manager, customer in team.visits_in_scope(ctx.uow, ctx.user, first, last, ctx.tz, only)
    ]
    raw_headers = ["时间", "客户经理", "客户", "方式", "产品", "金额(元)", "跟进日期", "事项"]
    return workbook([("汇总", headers, rows), ("拜访明细", raw_headers, raw)])


def spotcheck(ctx: Context, args: str) -> list[Reply]:
    """/spotcheck 张伟 5: random recent visits of one manager, each with ✓/✗ buttons for the result."""
    assert ctx.user is not None
    parts = args.split()
    if not parts or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return [TextReply(ctx.t("spot.usage"))]
    count = min(int(parts[1]) if len(parts) == 2 else 5, 20)
    picked = team.pick_for_spot_check(ctx.uow, ctx.user, parts[0], count, ctx.now, random.Random())
    if not picked:
        return [TextReply(ctx.t("spot.none", name=parts[0]))]
    lines = [ctx.t("spot.header", name=parts[0], count=len(picked))]
    rows = []
    for index, (visit_id, customer, at, channel) in enumerate(picked, start=1):
        lines.append(f"{index}. {at.astimezone(ctx.tz):%m-%d %H:%M} {customer}|{channel}")
        rows.append(
            (
                ctx.button(ctx.t("spot.ok", index=index), "spot_result", visit=visit_id, result="ok"),
                ctx.button(ctx.t("spot.doubt", index=index), "spot_result", visit=visit_id, result="doubt"),
            )
        )
    return [TextReply("\n".join(lines), buttons=tuple(rows))]


def spot_result(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    team.record_spot_check(ctx.uow, ctx.user, int(payload["visit"]), str(payload["result"]), ctx.now)
    return [TextReply(ctx.t("spot.recorded_ok" if payload["result"] == "ok" else "spot.recorded_doubt"))]


def compose_digest(uow: UnitOfWork, user: StaffView, now: datetime, is_workday: Callable[[date], bool]) -> list[Reply]:
    """The supervisor's evening digest: today's summary for their teams and who did not log."""
    t = translator(user.locale)
    tz = ZoneInfo(user.timezone)
    today = now.astimezone(tz).date()
    summary = team.summary(uow, user, today, today, today, tz, is_workday)
    title = t("digest.title", date=f"{today.month}月{today.day}日")
    if not summary.lines:
        return [TextReply(title + "\n" + t("team.empty"))]
    return [TextReply(summary_text(summary, title, t))]


FEATURE = Feature(
    commands=(
        Command("team", team_command, "cmd.team", roles=SUPERVISORS),
        Command("spotcheck", spotcheck, "cmd.spotcheck", roles=SUPERVISORS),
    ),
    actions={"spot_result": spot_result},
)
