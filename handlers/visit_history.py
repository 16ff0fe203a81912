"""What was logged: /visits by period or customer, /customer's profile, and a location shared after a visit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from handlers.context import Context
from handlers.periods import period
from handlers.registry import Command, Feature
from handlers.types import Location, Reply, TextReply
from storage.enums import Role
from storage.services import customers, tasks, visits
from storage.services.visits import VisitView

MANAGERS = frozenset({Role.MANAGER, Role.SUPERVISOR})
HISTORY_DAYS = 3650
PERIODS = {
    "": "visit.period.today",
    "今天": "visit.period.today",
    "本周": "visit.period.week",
    "本月": "visit.period.month",
}


def list_visits(ctx: Context, args: str) -> list[Reply]:
    """/visits (today), /visits 本周|上周|本月|上月|11月, /visits 华星科技 (that customer's history)."""
    assert ctx.user is not None
    word = args.strip()
    if word in PERIODS:
        start = _period_start(ctx, word)
        return [_listing(ctx, ctx.t(PERIODS[word]), visits.visits_between(ctx.uow, ctx.user.id, start, _tomorrow(ctx)))]
    span = period(word, ctx.local_now.date())
    if span is not None:  # 上周, 上月, 11月
        first, last, label = span
        start = datetime.combine(first, time(0), ctx.tz)
        end = datetime.combine(last + timedelta(days=1), time(0), ctx.tz)
        return [_listing(ctx, label, visits.visits_between(ctx.uow, ctx.user.id, start, end))]
    match = customers.match_customer(ctx.uow, ctx.user.id, word)
    if match.kind != "one":
        return [TextReply(ctx.t("visit.no_customer", name=word))]
    return [_history(ctx, match.choices[0].id, match.choices[0].name)]


def customer_card(ctx: Context, args: str) -> list[Reply]:
    """/customer 华星: the customer's open tasks, then their visit history."""
    assert ctx.user is not None
    if not args.strip():
        return [TextReply(ctx.t("visit.customer_usage"))]
    match = customers.match_customer(ctx.uow, ctx.user.id, args.strip())
    if match.kind != "one":
        names = ctx.fmt.join([c.name for c in match.choices])
        key = "visit.customer_ambiguous" if names else "visit.no_customer"
        return [TextReply(ctx.t(key, names=names, name=args.strip()))]
    choice = match.choices[0]
    open_tasks = [t for t in tasks.open_tasks(ctx.uow, ctx.user.id) if t.customer == choice.name]
    lines = [ctx.t("visit.customer_header", name=choice.name)]
    lines += [ctx.t("visit.customer_task", due=_due(ctx, t.due), title=t.title) for t in open_tasks]
    return [TextReply("\n".join(lines)), _history(ctx, choice.id, choice.name)]


def on_location(ctx: Context, location: Location) -> list[Reply] | None:
    if ctx.user is None:
        return None
    name = visits.attach_location(ctx.uow, ctx.user.id, location.latitude, location.longitude, ctx.now)
    return [TextReply(ctx.t("visit.location_attached", customer=name))] if name else None


def _history(ctx: Context, customer_id: int, name: str) -> TextReply:
    assert ctx.user is not None
    start = _tomorrow(ctx) - timedelta(days=HISTORY_DAYS + 1)
    return _listing(ctx, name, visits.visits_between(ctx.uow, ctx.user.id, start, _tomorrow(ctx), customer_id))


def _listing(ctx: Context, title: str, rows: list[VisitView]) -> TextReply:
    if not rows:
        return TextReply(ctx.t("visit.none_in", period=title))
    lines = [ctx.t("visit.list_header", period=title, count=len(rows))]
    for v in rows:
        lines.append(
            ctx.t(
                "visit.list_line",
                when=ctx.fmt.short_moment(v.occurred_at.astimezone(ctx.tz), with_clock=v.time_known),
                customer=v.customer,
                channel=v.channel,
                products=ctx.fmt.join(v.products) or "—",
                amount=f" {ctx.fmt.money(v.amount)}" if v.amount else "",
            )
        )
    return TextReply("\n".join(lines))


def _period_start(ctx: Context, word: str) -> datetime:
    today = _tomorrow(ctx) - timedelta(days=1)
    if word == "本周":
        return today - timedelta(days=today.weekday())
    if word == "本月":
        return today.replace(day=1)
    return today


def _tomorrow(ctx: Context) -> datetime:
    """Midnight at the end of the user's local today."""
    local = ctx.local_now
    return datetime.combine(local.date() + timedelta(days=1), time(0), local.tzinfo)


def _due(ctx: Context, day: date | None) -> str:
    return ctx.fmt.day_and_weekday(day) if day else "—"


FEATURE = Feature(
    commands=(
        Command("visits", list_visits, "cmd.visits", roles=MANAGERS),
        Command("customer", customer_card, "cmd.customer", roles=MANAGERS),
    ),
    location_handlers=(on_location,),
)
