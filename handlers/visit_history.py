"""What was logged: /visits by period, customer or (a supervisor) manager, /customer's profile, and a location
shared after a visit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from handlers import paging
from handlers.context import Context
from handlers.periods import Period, period
from handlers.registry import Command, Feature
from handlers.types import ChatType, Location, Reply, TextReply
from storage.enums import Role
from storage.services import customer_profile, visits
from storage.services.customer_profile import CustomerProfile
from storage.services.visits import VisitView

VIEWERS = frozenset({Role.MANAGER, Role.SUPERVISOR})
HISTORY_DAYS = 3650


def list_visits(ctx: Context, args: str) -> list[Reply]:
    """/visits [period] (today by default), /visits 华星科技 [period] (a customer's history), and for a supervisor
    /visits 张伟 [period] (a manager of their teams)."""
    return _visits(ctx, args, 1)


def visits_page(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    return _visits(ctx, str(payload.get("args", "")), paging.number(payload))


def _visits(ctx: Context, args: str, page: int) -> list[Reply]:
    assert ctx.user is not None
    today = ctx.local_now.date()
    read = [(w, period(w, today, ctx.calendar)) for w in args.split()]
    found = next((p for _, p in read if p is not None), None)
    name = " ".join(w for w, p in read if p is None)
    if not name:
        span = found or period("", today)
        assert span is not None
        rows = visits.visits_between(ctx.uow, ctx.user.id, *period_bounds(ctx, span))
        return [_listing(ctx, span.label, rows, page, args)]
    span = found or period("本月", today)
    assert span is not None
    member = visits.member_visits(ctx.uow, ctx.user, name, *period_bounds(ctx, span))
    if member is not None:
        return [_listing(ctx, f"{member[0]} · {span.label}", member[1], page, args)]
    match = customer_profile.find(ctx.uow, ctx.user, name)
    if match.kind != "one":
        return [TextReply(_not_found(ctx, name, [c.name for c in match.choices]))]
    choice = match.choices[0]
    start, end = (
        period_bounds(ctx, found) if found else (_tomorrow(ctx) - timedelta(days=HISTORY_DAYS + 1), _tomorrow(ctx))
    )
    rows = customer_profile.history(ctx.uow, ctx.user, choice.id, start, end)
    title = f"{choice.name} · {found.label}" if found else choice.name
    return [_listing(ctx, title, rows, page, args)]


def customer_card(ctx: Context, args: str) -> list[Reply]:
    """/customer 华星: tier, owner, phone and contacts, open tasks and the latest visits."""
    assert ctx.user is not None
    name = args.strip()
    if not name:
        return [TextReply(ctx.t("visit.customer_usage"))]
    match = customer_profile.find(ctx.uow, ctx.user, name)
    if match.kind != "one":
        return [TextReply(_not_found(ctx, name, [c.name for c in match.choices]))]
    private = ctx.incoming.chat_type is ChatType.PRIVATE
    card = customer_profile.profile(ctx.uow, ctx.user, match.choices[0].id, ctx.now, reveal=private)
    return [TextReply(_profile_text(ctx, card))]


def _profile_text(ctx: Context, card: CustomerProfile) -> str:
    lines = [ctx.t("visit.customer_header", name=card.name, tier=card.tier)]
    if not card.own:
        lines.append(ctx.t("visit.customer_owner", owner=card.owner))
    if card.phone:
        lines.append(ctx.t("visit.customer_phone", phone=card.phone))
    if card.industry:
        lines.append(ctx.t("visit.customer_industry", industry=card.industry))
    for contact in card.contacts:
        title = f"({contact.title})" if contact.title and contact.title not in contact.name else ""
        phone = f" {contact.phone}" if contact.phone else ""
        lines.append(ctx.t("visit.customer_contact", name=contact.name, title=title, phone=phone))
    lines += [ctx.t("visit.customer_task", due=_due(ctx, t.due), title=t.title) for t in card.open_tasks]
    if card.last_visits:
        lines.append(ctx.t("visit.customer_last", count=len(card.last_visits)))
        lines += [_line(ctx, v) for v in card.last_visits]
    else:
        lines.append(ctx.t("visit.customer_never"))
    return "\n".join(lines)


def on_location(ctx: Context, location: Location) -> list[Reply] | None:
    if ctx.user is None:
        return None
    name = visits.attach_location(ctx.uow, ctx.user.id, location.latitude, location.longitude, ctx.now)
    return [TextReply(ctx.t("visit.location_attached", customer=name))] if name else None


def _listing(ctx: Context, title: str, rows: list[VisitView], number: int, args: str) -> TextReply:
    if not rows:
        return TextReply(ctx.t("visit.none_in", period=title))
    page = paging.page_of(rows, number)
    lines = [ctx.t("visit.list_header", period=title, count=len(rows))]
    lines += [_line(ctx, v) for v in page.items]
    lines += paging.footer(ctx, page)
    return TextReply("\n".join(lines), buttons=paging.buttons(ctx, page, "visits_page", args=args))


def _line(ctx: Context, v: VisitView) -> str:
    return ctx.t(
        "visit.list_line",
        when=ctx.fmt.short_moment(v.occurred_at.astimezone(ctx.tz), with_clock=v.time_known),
        customer=v.customer,
        channel=v.channel,
        products=ctx.fmt.join(v.products) or "—",
        amount=f" {ctx.fmt.money(v.amount)}" if v.amount else "",
    )


def _not_found(ctx: Context, name: str, close: list[str]) -> str:
    if close:
        return ctx.t("visit.customer_ambiguous", names=ctx.fmt.join(close))
    key = "visit.no_customer" if ctx.user is None or ctx.user.role is Role.MANAGER else "visit.no_customer_team"
    return ctx.t(key, name=name)


def period_bounds(ctx: Context, span: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(span.first, time(0), ctx.tz)
    return start, datetime.combine(span.last + timedelta(days=1), time(0), ctx.tz)


def _tomorrow(ctx: Context) -> datetime:
    """Midnight at the end of the user's local today."""
    local = ctx.local_now
    return datetime.combine(local.date() + timedelta(days=1), time(0), local.tzinfo)


def _due(ctx: Context, day: date | None) -> str:
    return ctx.fmt.day_and_weekday(day) if day else "—"


FEATURE = Feature(
    commands=(
        Command("visits", list_visits, "cmd.visits", roles=VIEWERS),
        Command("customer", customer_card, "cmd.customer", roles=VIEWERS),
    ),
    actions={"visits_page": visits_page},
    location_handlers=(on_location,),
)
