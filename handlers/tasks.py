"""Targets, results, tasks, leave and push settings: the commands behind the morning brief."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from handlers import metrics, paging
from handlers.context import Context
from handlers.errors import DateOutOfRange
from handlers.pushes import compose_brief, progress_lines
from handlers.registry import Command, Feature
from handlers.types import Button, Reply, TextReply
from knowledge.amounts import read_amount, read_count
from knowledge.cn_dates import find_dates
from storage.enums import Role
from storage.errors import NotFound
from storage.services import leave as leave_days
from storage.services import push_settings, staff, targets, tasks

SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
WORKERS = frozenset({Role.MANAGER, Role.SUPERVISOR})
PUSHED = frozenset({Role.MANAGER, Role.SUPERVISOR, Role.ADMIN})  # who gets briefs and nudges (not curators)
CLOCK = re.compile(r"^([01]?\d|2[0-3])[::]([0-5]\d)$")
SWITCH = {"开": True, "开启": True, "on": True, "关": False, "关闭": False, "off": False}
SETTING_WORDS = {"早报": "brief", "晨报": "brief", "晚间": "nudge", "晚报": "nudge", "提醒": "nudge", "周报": "recap"}


def brief(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    return compose_brief(ctx.uow, ctx.user, ctx.now, ctx.calendar)


def show_targets(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    lines = progress_lines(ctx.uow, ctx.user, ctx.local_now.date(), ctx.calendar)
    if not lines:
        return [TextReply(ctx.t("targets.none"))]
    return [TextReply("\n".join([ctx.t("targets.header"), *[f"· {line}" for line in lines]]))]


def _amount(metric: str, text: str) -> Decimal | None:
    if metric in targets.COUNT_METRICS:
        count = read_count(text)
        return Decimal(count) if count is not None else None
    amount = read_amount(text)
    return amount.value if amount is not None and amount.certain else None


def set_target(ctx: Context, args: str) -> list[Reply]:
    """/target 张三 存款 2000万 本月"""
    assert ctx.user is not None
    parts = args.split()
    if len(parts) < 3 or (len(parts) == 4 and parts[3] not in ("本月",)):
        return [TextReply(ctx.t("targets.usage"))]
    name, metric_word, amount_text = parts[:3]
    admin = ctx.user.role is Role.ADMIN
    metric = targets.metric_code(metric_word, custom_ok=True) if admin else targets.known_metric(ctx.uow, metric_word)
    amount = _amount(metric, amount_text)
    if amount is None or amount <= 0:
        return [TextReply(ctx.t("targets.bad_amount"))]
    person = targets.set_target(ctx.uow, ctx.user, name, metric_word, amount, ctx.local_now.date(), ctx.now)
    shown = metrics.figure(ctx.fmt, metric, amount)
    return [TextReply(ctx.t("targets.set", name=person, metric=metrics.label(ctx.t, metric), amount=shown))]


def done(ctx: Context, args: str) -> list[Reply]:
    """/done 存款 200万 华星科技"""
    assert ctx.user is not None
    parts = args.split(maxsplit=2)
    if len(parts) < 2:
        return [TextReply(ctx.t("done.usage"))]
    metric = targets.known_metric(ctx.uow, parts[0])
    amount = _amount(metric, parts[1])
    if amount is None or amount <= 0:
        return [TextReply(ctx.t("targets.bad_amount"))]
    customer = targets.report_result(
        ctx.uow, ctx.user.id, parts[0], amount, parts[2] if len(parts) > 2 else None, ctx.local_now.date(), ctx.now
    )
    text = ctx.t("done.saved", metric=metrics.label(ctx.t, metric), amount=metrics.figure(ctx.fmt, metric, amount))
    if customer:
        text += ctx.t("done.customer", customer=customer)
    return [TextReply(text)]


def todo(ctx: Context, args: str) -> list[Reply]:
    """/todo 周五前回访华星科技: an own task, with the due date read from the text."""
    assert ctx.user is not None
    if not args.strip():
        return [TextReply(ctx.t("todo.usage"))]
    due = _due_date(ctx, args)
    tasks.add_task(ctx.uow, ctx.user, None, args.strip(), due, ctx.now)
    return [TextReply(ctx.t("todo.saved", title=args.strip(), due=_due(ctx, due)))]


def assign(ctx: Context, args: str) -> list[Reply]:
    """/assign 李四 周五前回访华星科技"""
    assert ctx.user is not None
    name, _, title = args.strip().partition(" ")
    if not name or not title.strip():
        return [TextReply(ctx.t("assign.usage"))]
    due = _due_date(ctx, title)
    owner = tasks.add_task(ctx.uow, ctx.user, name, title.strip(), due, ctx.now)
    return [TextReply(ctx.t("assign.saved", name=owner, title=title.strip(), due=_due(ctx, due)))]


LEAVE_LIST_WORDS = ("", "列表", "查看", "取消", "list", "cancel")


def leave(ctx: Context, args: str) -> list[Reply]:
    """/leave 11月25日-11月27日 (or one day): no pushes on those days; /leave alone lists leave ahead, each with a
    cancel button."""
    assert ctx.user is not None
    today = ctx.local_now.date()
    if args.strip().lower() in LEAVE_LIST_WORDS:
        return _leave_list(ctx, today)
    parts = [p for p in re.split(r"\s*(?:-|—|~|到|至)\s*", args.strip()) if p]
    days = [find_dates(p, today, future=True, calendar_=ctx.calendar) for p in parts[:2]]
    if not parts or not all(days):
        return [TextReply(ctx.t("leave.usage"))]
    invalid = next(
        (p[m.start : m.end] for p, found in zip(parts, days, strict=False) for m in found[:1] if not m.valid), None
    )
    if invalid is not None:
        raise DateOutOfRange(phrase=invalid)
    first, last = days[0][0].day, days[-1][0].day
    try:
        count = leave_days.add_leave(ctx.uow, ctx.user.id, first, last, ctx.now)
    except NotFound:
        return [TextReply(ctx.t("leave.bad_range"))]
    return [TextReply(ctx.t("leave.saved", first=ctx.fmt.day(first), last=ctx.fmt.day(last), days=count))]


def _leave_list(ctx: Context, today: date) -> list[Reply]:
    assert ctx.user is not None
    ahead = leave_days.upcoming(ctx.uow, ctx.user.id, today)
    if not ahead:
        return [TextReply(ctx.t("leave.none") + "\n" + ctx.t("leave.usage"))]
    lines = [ctx.t("leave.header", count=len(ahead))]
    rows = []
    for index, item in enumerate(ahead, start=1):
        days = (item.last - item.first).days + 1
        lines.append(
            ctx.t("leave.line", index=index, first=ctx.fmt.day(item.first), last=ctx.fmt.day(item.last), days=days)
        )
        rows.append((ctx.button(ctx.t("leave.cancel_button", index=index), "leave_cancel", id=item.id),))
    return [TextReply("\n".join(lines), buttons=tuple(rows))]


def leave_cancel(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    today = ctx.local_now.date()
    try:
        item = leave_days.cancel(ctx.uow, ctx.user.id, int(payload["id"]), today, ctx.now)
    except NotFound:
        return [TextReply(ctx.t("leave.already_gone"))]
    shown = ctx.t("leave.span", first=ctx.fmt.day(item.first), last=ctx.fmt.day(item.last))
    return [TextReply(ctx.t("leave.cancelled", span=shown))]


def settings(ctx: Context, args: str) -> list[Reply]:
    """/settings shows; 早报 08:00|关|开, 晚间 …, 周报 开|关, 免打扰 22:00-07:00|关, 语言 中文|en, 时区 香港 change;
    a leading 团队 changes the defaults of the teams a supervisor leads."""
    assert ctx.user is not None
    words = args.split()
    team = bool(words) and words[0] == "团队"
    words = words[1:] if team else words
    if not words:
        return [_show_settings(ctx)]
    changes = _setting_changes(words)
    if changes is None:
        return [TextReply(ctx.t("settings.usage"))]
    if "locale" in changes:
        staff.set_locale(ctx.uow, ctx.user.id, str(changes.pop("locale")))
    if "timezone" in changes:
        zone = staff.set_timezone(ctx.uow, ctx.user.id, str(changes.pop("timezone")))
        if zone is None:
            return [TextReply(ctx.t("settings.bad_timezone"))]
    if changes:
        push_settings.change_settings(ctx.uow, ctx.user, changes, team=team)
    return [TextReply(ctx.t("settings.saved_team" if team else "settings.saved"))]


def _show_settings(ctx: Context) -> TextReply:
    assert ctx.user is not None
    current = push_settings.effective_settings(ctx.uow, ctx.user.id, ctx.user.unit_id)
    off = ctx.t("settings.off")
    quiet = ctx.t("settings.span", start=current.quiet_from, end=current.quiet_until) if current.quiet_from else off
    return TextReply(
        ctx.t(
            "settings.show",
            brief=current.brief_at if current.brief_on else off,
            nudge=current.nudge_at if current.nudge_on else off,
            recap=ctx.t("settings.on") if current.recap_on else off,
            quiet=quiet,
            timezone=ctx.user.timezone,
        )
    )


def _setting_changes(words: list[str]) -> dict[str, object] | None:
    if len(words) != 2:
        return None
    key, value = words
    if key in ("时区", "timezone"):
        return {"timezone": value}
    if key == "语言":
        return {"locale": "en"} if value.lower().startswith("en") else {"locale": "zh-CN"} if "中" in value else None
    if key == "免打扰":
        if value in SWITCH and not SWITCH[value]:
            return {"quiet_from": None, "quiet_until": None}
        span = value.replace("~", "-").split("-")
        if len(span) == 2 and all(CLOCK.match(s) for s in span):
            return {"quiet_from": _hhmm(span[0]), "quiet_until": _hhmm(span[1])}
        return None
    kind = SETTING_WORDS.get(key)
    if kind is None:
        return None
    if value.lower() in SWITCH:
        return {f"{kind}_on": SWITCH[value.lower()]}
    if kind != "recap" and CLOCK.match(value):
        return {f"{kind}_at": _hhmm(value), f"{kind}_on": True}
    return None


def _hhmm(text: str) -> str:
    match = CLOCK.match(text)
    assert match is not None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _due_date(ctx: Context, text: str) -> date | None:
    found = find_dates(text, ctx.local_now.date(), future=True, calendar_=ctx.calendar)
    if found and not found[0].valid:
        raise DateOutOfRange(phrase=text[found[0].start : found[0].end])
    return found[0].day if found else None


def _due(ctx: Context, day: date | None) -> str:
    return ctx.fmt.day(day) if day else ctx.t("todo.no_due")


def followups(ctx: Context, args: str) -> list[Reply]:
    """/followups: open tasks, earliest first, overdue ones marked, each with a ✔ button, ten to a page."""
    return _followups(ctx, 1)


def followups_page(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    return _followups(ctx, paging.number(payload))


def _followups(ctx: Context, number: int) -> list[Reply]:
    assert ctx.user is not None
    open_tasks = tasks.open_tasks(ctx.uow, ctx.user.id)
    if not open_tasks:
        return [TextReply(ctx.t("visit.no_followups"))]
    today = ctx.local_now.date()
    page = paging.page_of(open_tasks, number)
    lines = [ctx.t("visit.followups_header", count=len(open_tasks))]
    rows: list[tuple[Button, ...]] = []
    for index, task in enumerate(page.items, start=page.offset + 1):
        late = ctx.t("visit.overdue") if task.due and task.due < today else ""
        due = ctx.fmt.day_and_weekday(task.due) if task.due else "—"
        lines.append(ctx.t("visit.followup_line", index=index, due=due, late=late, title=task.title))
        rows.append((ctx.button(ctx.t("visit.done_button", index=index), "task_done", id=task.id),))
    lines += paging.footer(ctx, page)
    return [TextReply("\n".join(lines), buttons=(*rows, *paging.buttons(ctx, page, "followups_page")))]


def task_done(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    title = tasks.complete_task(ctx.uow, ctx.user.id, int(payload["id"]), ctx.now)
    return [TextReply(ctx.t("visit.task_done", title=title))]


FEATURE = Feature(
    commands=(
        Command("followups", followups, "cmd.followups", roles=WORKERS),
        Command("brief", brief, "cmd.brief", roles=WORKERS),
        Command("targets", show_targets, "cmd.targets", roles=WORKERS),
        Command("done", done, "cmd.done", roles=WORKERS),
        Command("todo", todo, "cmd.todo", roles=WORKERS),
        Command("leave", leave, "cmd.leave", roles=WORKERS),
        Command("settings", settings, "cmd.settings", roles=PUSHED),
        Command("target", set_target, "cmd.target", roles=SUPERVISORS),
        Command("assign", assign, "cmd.assign", roles=SUPERVISORS),
    ),
    actions={"task_done": task_done, "followups_page": followups_page, "leave_cancel": leave_cancel},
)
