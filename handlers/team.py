"""Supervisors' view of their teams: /team (text, chart, Excel), /spotcheck, and the evening team digest."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from handlers import charts, exports, metrics
from handlers.context import Context
from handlers.formatting import Formatter
from handlers.periods import Period, period
from handlers.pushes import Translate, translator
from handlers.registry import Command, Feature, TextRoute
from handlers.types import DocumentReply, ImageReply, Reply, TextReply
from knowledge.workcal import WorkCalendar
from storage.enums import Role
from storage.services import conversations, spot_checks, team
from storage.services.staff import StaffView
from storage.uow import UnitOfWork

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
EXCEL_WORDS = ("excel", "xlsx", "表格")
REASON_STATE = "spot_reason"
REASON_TTL = timedelta(minutes=30)


@dataclass(frozen=True)
class TeamRequest:
    span: Period
    only: str | None
    excel: bool


def team_request(args: str, today: date, calendar: WorkCalendar) -> TeamRequest | None:
    """`本月 张伟 excel` in any order; None when more than one word is neither a period nor `excel`."""
    words = args.split()
    excel = any(w.lower() in EXCEL_WORDS for w in words)
    words = [w for w in words if w.lower() not in EXCEL_WORDS]
    found = next(((w, p) for w in words if (p := period(w, today, calendar)) is not None), None)
    span = found[1] if found else period("", today)
    assert span is not None
    rest = [w for w in words if not found or w != found[0]]
    if len(rest) > 1:
        return None
    return TeamRequest(span, rest[0] if rest else None, excel)


_PERIOD_LIKE = re.compile(r"^\d+$|(?:年|月|季度?|周|星期|礼拜|天|日|号)$")  # 明年, 这个季度: a period not understood


@dataclass(frozen=True)
class TeamReport:
    """One /team answer, for chat and for the web desk alike."""

    summary: team.TeamSummary
    span: Period
    only: str | None
    title: str
    excel: bool


def team_report(ctx: Context, args: str) -> TeamReport | None:
    """The summary a supervisor asked for; None when the words are not a period, a name and `excel`."""
    assert ctx.user is not None
    today = ctx.local_now.date()
    ask = team_request(args, today, ctx.calendar)
    if ask is None or (ask.only is not None and _PERIOD_LIKE.search(ask.only)):
        return None
    span = ask.span
    summary = team.summary(ctx.uow, ctx.user, span.first, span.last, today, ctx.tz, ctx.calendar.is_workday, ask.only)
    title = ctx.t("team.title", period=span.label, first=ctx.fmt.day(span.first), last=ctx.fmt.day(span.last))
    return TeamReport(summary, span, ask.only, title, ask.excel)


def team_command(ctx: Context, args: str) -> list[Reply]:
    """/team [今天|昨天|本周|上周|本月|上月|11月|本季度|上季度|本年|11月1日-11月15日] [姓名] [excel]"""
    report = team_report(ctx, args)
    if report is None:
        return [TextReply(ctx.t("team.usage"))]
    if not report.summary.lines:
        return [TextReply(ctx.t("team.empty"))]
    text = summary_text(report.summary, report.title, ctx.t, ctx.fmt, running=report.span.running)
    replies: list[Reply] = [TextReply(text), *team_chart(ctx, report)]
    if report.excel:
        label = report.span.label
        replies.append(
            DocumentReply(
                team_workbook(ctx, report), ctx.t("team.excel_name", period=label), ctx.t("team.excel_caption")
            )
        )
    return replies


def team_chart(ctx: Context, report: TeamReport) -> list[Reply]:
    """The completion chart as a PNG, or a note when the server has no Chinese font."""
    summary, span = report.summary, report.span
    bars = [(line.name, line.completion) for line in summary.lines if line.progress]
    if not bars:
        return []
    try:
        title = ctx.t("team.chart_title", period=span.label, first=ctx.fmt.day(span.first), last=ctx.fmt.day(span.last))
        elapsed = _elapsed_share(ctx, summary) if span.running else None
        chart = charts.progress_chart(title, bars, ctx.t("team.chart_axis"), elapsed, ctx.t("team.chart_elapsed"))
    except charts.ChartUnavailable:
        return [TextReply(ctx.t("team.no_font"))]
    name = f"team-{summary.start:%Y%m%d}-{summary.end:%Y%m%d}.png"
    return [ImageReply(chart, name, ctx.t("team.chart_caption"))]


def _elapsed_share(ctx: Context, summary: team.TeamSummary) -> float:
    return team.elapsed_share(summary.start, summary.end, ctx.local_now.date(), ctx.calendar.is_workday)


def summary_text(summary: team.TeamSummary, title: str, t: Translate, fmt: Formatter, *, running: bool = True) -> str:
    """Short lines for a phone: a ranked block per manager, then who has not logged and overdue key customers; the
    daily pace only for a period still running (yesterday's summary has none)."""
    lines = [title]
    for rank, line in enumerate(summary.lines, start=1):
        lines += _manager_block(rank, line, t, fmt, running)
    if summary.idle:
        lines.append(t("team.idle", names=fmt.join(summary.idle)))
    if summary.stale_key_customers:
        shown = [t("team.stale_item", name=c.name, owner=c.owner, days=c.days) for c in summary.stale_key_customers]
        lines.append(t("team.stale", items=fmt.join(shown)))
    return "\n".join(lines)


def _manager_block(rank: int, line: team.ManagerLine, t: Translate, fmt: Formatter, running: bool) -> list[str]:
    visits = t(
        "team.line", rank=rank, name=line.name, visits=line.visits, customers=line.customers, new=line.new_customers
    )
    lines = [visits, t("team.followups", done=line.followups_done, overdue=line.followups_overdue)]
    if line.checks is not None:
        lines.append(t("spot.tally", ok=line.checks.ok, doubt=line.checks.doubt, pending=line.checks.pending))
    for p in line.progress:
        reached = t("team.target", metric=metrics.label(t, p.metric), share=fmt.percent(p.share))
        if p.remaining == 0:
            pace = t("team.reached")
        elif p.remaining_workdays == 0:
            pace = t("team.missed")  # the target months are over
        elif running:
            pace = t("team.pace", pace=metrics.figure(fmt, p.metric, p.daily_pace))
        else:
            pace = ""
        lines.append(reached + pace)
    return lines


SUMMARY_COLUMNS = ("rank", "name", "team", "visits", "customers", "new_customers", "followups_done", "overdue")
RAW_COLUMNS = (
    ("time", exports.MOMENT),
    ("manager", None),
    ("customer", None),
    ("contact", None),
    ("channel", None),
    ("products", None),
    ("amount", exports.WAN),
    ("outcome", None),
    ("follow_up", exports.DAY),
    ("note", None),
)
COUNTED_FROM = 2  # the columns after 团队 (visits … overdue) are counts, summed in the total rows


def team_workbook(ctx: Context, report: TeamReport) -> bytes:
    """The summary sheet and the visits behind it, as an Excel workbook."""
    assert ctx.user is not None
    summary, span, only = report.summary, report.span, report.only
    caption = ctx.t("excel.caption", period=span.label, first=span.first.isoformat(), last=span.last.isoformat())
    summary_sheet = _summary_sheet(ctx, summary, span, caption)
    visits = team.visits_in_scope(ctx.uow, ctx.user, span.first, span.last, ctx.tz, only)
    raw = exports.Sheet(
        ctx.t("excel.raw_sheet"),
        caption,
        [exports.Column(ctx.t(f"excel.raw.{c}"), number_format) for c, number_format in RAW_COLUMNS],
        [_raw_row(ctx, v) for v in visits],
    )
    return exports.workbook([summary_sheet, raw])


def _summary_sheet(ctx: Context, summary: team.TeamSummary, span: Period, caption: str) -> exports.Sheet:
    """A row per manager with each metric's target, amount done, rate and (while the period runs) daily pace, then
    a subtotal row per team and a grand total, as SUMIF/SUM formulas so that they follow edits."""
    measured = sorted({p.metric for line in summary.lines for p in line.progress})
    columns = [
        exports.Column(ctx.t(f"excel.col.{c}"), exports.COUNT if i > COUNTED_FROM else None)
        for i, c in enumerate(SUMMARY_COLUMNS)
    ]
    for m in measured:
        name, unit = metrics.label(ctx.t, m), _unit_format(m, summary)
        columns += [
            exports.Column(ctx.t("excel.col.target", metric=name), unit),
            exports.Column(ctx.t("excel.col.done", metric=name), unit),
            exports.Column(ctx.t("excel.col.share", metric=name), exports.PERCENT),
        ]
        if span.running:
            columns.append(exports.Column(ctx.t("excel.col.pace", metric=name), unit))
    per_metric = 4 if span.running else 3
    rows: list[list[object]] = []
    for rank, line in enumerate(summary.lines, start=1):
        by_metric = {p.metric: p for p in line.progress}
        row: list[object] = [rank, line.name, line.team, line.visits, line.customers, line.new_customers]
        row += [line.followups_done, line.followups_overdue]
        for m in measured:
            p = by_metric.get(m)
            cells: list[object] = [float(p.target), float(p.actual), p.share] if p else [None, None, None]
            if span.running:
                cells.append(float(p.daily_pace) if p else None)
            row += cells
        rows.append(row)
    count = len(rows)
    team_col = exports.data_range(count, 2, absolute=True)
    summed = list(range(COUNTED_FROM + 1, len(SUMMARY_COLUMNS)))
    summed += [len(SUMMARY_COLUMNS) + i * per_metric + k for i in range(len(measured)) for k in (0, 1)]
    totals: list[list[object]] = []
    teams = sorted({line.team for line in summary.lines})
    for index, team_name in enumerate([*teams, None]):
        row_no = exports.total_row_number(count, index)
        label = ctx.t("excel.subtotal", team=team_name) if team_name else ctx.t("excel.total")
        total: list[object] = [None, label, team_name]
        total += [None] * (len(columns) - 3)
        for col in summed:
            data = exports.data_range(count, col)
            total[col] = f'=SUMIF({team_col},"{team_name}",{data})' if team_name else f"=SUM({data})"
        for i in range(len(measured)):
            target_col = len(SUMMARY_COLUMNS) + i * per_metric
            target, done = exports.letter(target_col), exports.letter(target_col + 1)
            total[target_col + 2] = f'=IF({target}{row_no}>0,{done}{row_no}/{target}{row_no},"")'
        totals.append(total)
    return exports.Sheet(ctx.t("excel.summary_sheet"), caption, columns, rows, totals if len(rows) > 1 else ())


def _unit_format(metric: str, summary: team.TeamSummary) -> str:
    """万 for money, whole numbers for counts (a custom metric is money when its targets are)."""
    largest = max((p.target for line in summary.lines for p in line.progress if p.metric == metric), default=0)
    return exports.WAN if metrics.is_money(metric, Decimal(largest)) else exports.COUNT


def _raw_row(ctx: Context, v: team.TeamVisit) -> list[object]:
    local = v.occurred_at.astimezone(ctx.tz)
    return [
        local if v.time_known else local.replace(hour=0, minute=0, second=0, microsecond=0),
        v.manager,
        v.customer,
        v.contact,
        v.channel,
        ctx.fmt.join(v.products),
        float(v.amount) if v.amount is not None else None,
        v.outcome,
        v.follow_up,
        v.note,
    ]


def spotcheck(ctx: Context, args: str) -> list[Reply]:
    """/spotcheck 张伟 5: random recent visits of one manager, a card each with what to check it against and
    ✓/✗ buttons for the result."""
    assert ctx.user is not None
    parts = args.split()
    if not parts or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return [TextReply(ctx.t("spot.usage"))]
    count = min(int(parts[1]) if len(parts) == 2 else 5, 20)
    picked = spot_checks.pick(ctx.uow, ctx.user, parts[0], count, ctx.now, random.Random())
    if not picked:
        return [TextReply(ctx.t("spot.none", name=parts[0]))]
    replies: list[Reply] = [TextReply(ctx.t("spot.header", name=parts[0], count=len(picked)))]
    for index, item in enumerate(picked, start=1):
        buttons = (
            ctx.button(ctx.t("spot.ok"), "spot_result", visit=item.visit_id, result="ok"),
            ctx.button(ctx.t("spot.doubt"), "spot_result", visit=item.visit_id, result="doubt"),
        )
        replies.append(TextReply(_spot_card(ctx, index, len(picked), item), buttons=(buttons,)))
    return replies


def _spot_card(ctx: Context, index: int, total: int, item: spot_checks.CheckItem) -> str:
    when = ctx.fmt.short_moment(item.occurred_at.astimezone(ctx.tz), with_clock=item.time_known)
    lines = [ctx.t("spot.card", index=index, total=total, when=when, customer=item.customer, channel=item.channel)]
    if item.contact or item.phone:
        lines.append(ctx.t("spot.contact", contact=item.contact or "—", phone=item.phone or ""))
    if item.content:
        lines.append(ctx.t("spot.content", content=item.content))
    if item.products:
        lines.append(ctx.t("spot.products", products=ctx.fmt.join(item.products)))
    if item.amount is not None:
        lines.append(ctx.t("spot.amount", amount=ctx.fmt.money(item.amount)))
    if item.location is not None:
        lines.append(ctx.t("spot.location", latitude=f"{item.location[0]:.5f}", longitude=f"{item.location[1]:.5f}"))
    return "\n".join(lines)


def spot_result(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """✓ is recorded; ✗ is recorded and the next message is taken as the reason."""
    assert ctx.user is not None
    visit = int(payload["visit"])
    spot_checks.record(ctx.uow, ctx.user, visit, str(payload["result"]), ctx.now)
    if payload["result"] == "ok":
        return [TextReply(ctx.t("spot.recorded_ok"))]
    conversations.remember(
        ctx.uow, ctx.user.id, ctx.incoming.chat_id, REASON_STATE, {"visit": visit}, ctx.now, REASON_TTL
    )
    return [TextReply(ctx.t("spot.recorded_doubt"))]


def spot_reason(ctx: Context, text: str) -> list[Reply] | None:
    """The message after ✗ 存疑: why the visit is doubted."""
    if ctx.user is None or ctx.user.role not in SUPERVISORS or text.startswith("/"):
        return None
    chat = ctx.incoming.chat_id
    waiting = conversations.recall(ctx.uow, ctx.user.id, chat, REASON_STATE, ctx.now)
    if waiting is None:
        return None
    conversations.forget(ctx.uow, ctx.user.id, chat, REASON_STATE)
    spot_checks.give_reason(ctx.uow, ctx.user, int(waiting["visit"]), text, ctx.now)
    return [TextReply(ctx.t("spot.reason_saved"))]


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
    text_routes=(TextRoute(spot_reason, answers=True),),
)
