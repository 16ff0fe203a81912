"""Visit logging: one message becomes a draft card; nothing is stored until ✅保存. Plus the visit views."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from handlers.context import Context
from handlers.registry import Command, Feature, TextRoute
from handlers.types import Button, Location, Reply, TextReply
from knowledge.cn_dates import find_dates, find_time
from knowledge.cn_numbers import parse_amounts
from knowledge.visit_parser import CHANNELS, looks_like_visit, parse_visit, products_in
from knowledge.workcal import WorkCalendar
from storage.models import Role
from storage.services import conversations, visits

DRAFT = "visit_draft"
DRAFT_TTL = timedelta(hours=12)
MANAGERS = frozenset({Role.MANAGER, Role.SUPERVISOR})
FIELDS = ("customer", "contact", "when", "channel", "products", "amount", "outcome", "follow_up", "note")
GUIDED = ("customer", "note", "follow_up")
FORM_KEYS = {
    "客户": "customer",
    "联系人": "contact",
    "时间": "when",
    "方式": "channel",
    "产品": "products",
    "金额": "amount",
    "结果": "outcome",
    "跟进": "follow_up",
    "事项": "note",
    "备注": "note",
}
WEEKDAYS = "一二三四五六日"


# ---- drafts as plain JSON in conversation state ------------------------------------------------------
def _load(ctx: Context) -> dict[str, Any] | None:
    assert ctx.user is not None
    return conversations.recall(ctx.uow, ctx.user.id, ctx.incoming.chat_id, DRAFT, ctx.now)


def _store(ctx: Context, draft: dict[str, Any]) -> None:
    assert ctx.user is not None
    conversations.remember(ctx.uow, ctx.user.id, ctx.incoming.chat_id, DRAFT, draft, ctx.now, DRAFT_TTL)


def _drop(ctx: Context) -> None:
    assert ctx.user is not None
    conversations.forget(ctx.uow, ctx.user.id, ctx.incoming.chat_id, DRAFT)


def _from_text(ctx: Context, text: str) -> dict[str, Any]:
    assert ctx.user is not None
    parsed = parse_visit(
        text, ctx.local_now, known_customers=visits.owned_names(ctx.uow, ctx.user.id), calendar=WorkCalendar()
    )
    return {
        "customer": parsed.customer,
        "customer_id": None,
        "contact": parsed.contact,
        "when": (parsed.when or ctx.local_now).isoformat(),
        "channel": parsed.channel,
        "products": list(parsed.products),
        "details": list(parsed.product_details),
        "amount": str(parsed.amount) if parsed.amount is not None else None,
        "outcome": parsed.outcome,
        "purpose": parsed.purpose,
        "note": parsed.note,
        "follow_up": parsed.follow_up.isoformat() if parsed.follow_up else None,
        "follow_up_text": parsed.follow_up_text,
        "raw": text,
        "awaiting": None,
        "guided": [],
    }


# ---- entry points ---------------------------------------------------------------------------------------
def on_text(ctx: Context, text: str) -> list[Reply] | None:
    """A reply to a pending question about a draft, or a new visit report; None for anything else."""
    if ctx.user is None or ctx.user.role not in MANAGERS:
        return None
    draft = _load(ctx)
    if draft is not None and draft.get("awaiting"):
        return _answer_field(ctx, draft, str(draft["awaiting"]), text)
    if not looks_like_visit(text):
        return None
    draft = _from_text(ctx, text)
    return _resolve_customer(ctx, draft)


def visit_command(ctx: Context, args: str) -> list[Reply]:
    """/visit 客户=…; 事项=…; 跟进=… fills a draft at once; /visit alone asks field by field."""
    if not args.strip():
        draft = {
            **_from_text(ctx, ""),
            "customer": None,
            "note": None,
            "follow_up": None,
            "channel": "上门拜访",
            "guided": list(GUIDED[1:]),
            "awaiting": GUIDED[0],
        }
        _store(ctx, draft)
        return [TextReply(ctx.t("visit.ask.customer"))]
    draft = _from_text(ctx, "")
    draft.update(customer=None, note=None, follow_up=None, channel="上门拜访", raw=args)
    for part in re.split(r"[;;\n]+", args):
        key, sep, value = re.split(r"([==])", part, maxsplit=1) if re.search(r"[==]", part) else (part, "", "")
        field = FORM_KEYS.get(key.strip())
        if not sep or field is None:
            return [TextReply(ctx.t("visit.form_help"))]
        error = _set_field(ctx, draft, field, value.strip())
        if error:
            return [TextReply(error)]
    return _resolve_customer(ctx, draft)


# ---- customer resolution and the card -------------------------------------------------------------------
def _resolve_customer(ctx: Context, draft: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    if not draft.get("customer") and not draft.get("customer_id"):
        draft["awaiting"] = "customer"
        _store(ctx, draft)
        return [TextReply(ctx.t("visit.ask.customer_of", understood=_summary(ctx, draft)))]
    if draft.get("customer_id") is None and not draft.get("new_customer"):
        match = visits.match_customer(ctx.uow, ctx.user.id, str(draft["customer"]))
        if match.kind == "one":
            draft["customer_id"], draft["customer"] = match.choices[0].id, match.choices[0].name
        elif match.kind == "several":
            _store(ctx, draft)
            rows = tuple((ctx.button(c.name, "visit_customer", id=c.id),) for c in match.choices)
            rows += (
                (ctx.button(ctx.t("visit.new_customer_button", name=draft["customer"]), "visit_customer", id=None),),
            )
            return [TextReply(ctx.t("visit.which_customer", name=draft["customer"]), buttons=rows)]
        else:
            draft["new_customer"] = True
    _store(ctx, draft)
    return [_card(ctx, draft)]


def _card(ctx: Context, draft: dict[str, Any]) -> TextReply:
    when = datetime.fromisoformat(draft["when"])
    lines = [ctx.t("visit.card_title")]
    customer = str(draft["customer"])
    lines.append(
        ctx.t("visit.card.customer", value=customer + (ctx.t("visit.card.new") if draft.get("new_customer") else ""))
    )
    values = {
        "contact": draft.get("contact"),
        "when": _show_datetime(when),
        "channel": draft["channel"],
        "products": _show_products(draft),
        "amount": _show_money(Decimal(draft["amount"])) if draft.get("amount") else None,
        "outcome": draft.get("outcome"),
        "follow_up": _show_date(date.fromisoformat(draft["follow_up"])) if draft.get("follow_up") else None,
        "note": draft.get("note"),
    }
    lines += [ctx.t(f"visit.card.{k}", value=v) for k, v in values.items() if v]
    row = (
        ctx.button(ctx.t("visit.save"), "visit_save"),
        ctx.button(ctx.t("visit.edit"), "visit_edit"),
        ctx.button(ctx.t("visit.cancel"), "visit_cancel"),
    )
    return TextReply("\n".join(lines), buttons=(row,))


def _summary(ctx: Context, draft: dict[str, Any]) -> str:
    parts = [draft.get("channel") or "", _show_products(draft) or "", draft.get("note") or ""]
    return ",".join(p for p in parts if p) or ctx.t("visit.nothing_understood")


# ---- buttons ---------------------------------------------------------------------------------------------
def pick_customer(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    draft = _load(ctx)
    if draft is None:
        return [TextReply(ctx.t("visit.expired"), notice=True)]
    assert ctx.user is not None
    if payload.get("id") is None:
        draft["new_customer"], draft["customer_id"] = True, None
    else:
        draft["customer_id"] = int(payload["id"])
        draft["customer"] = visits.customer_name(ctx.uow, ctx.user.id, int(payload["id"]))
        draft["new_customer"] = False
    _store(ctx, draft)
    return [_card(ctx, draft)]


def save(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Stores the draft: a new visit, or (when the draft reopened a saved one) a correction of it."""
    draft = _load(ctx)
    if draft is None:
        return [TextReply(ctx.t("visit.expired"), notice=True)]
    assert ctx.user is not None
    customer_id = draft.get("customer_id")
    if draft.get("new_customer") or customer_id is None:
        customer_id = visits.create_customer(ctx.uow, ctx.user.id, str(draft["customer"]), ctx.now)
    follow_up = date.fromisoformat(draft["follow_up"]) if draft.get("follow_up") else None
    record = visits.NewVisit(
        customer_id=int(customer_id),
        occurred_at=datetime.fromisoformat(draft["when"]),
        channel=draft["channel"],
        contact=draft.get("contact"),
        products=tuple(draft.get("products") or ()),
        product_details=tuple(draft.get("details") or ()),
        amount=Decimal(draft["amount"]) if draft.get("amount") else None,
        purpose=draft.get("purpose"),
        outcome=draft.get("outcome"),
        note=draft.get("note"),
        follow_up=follow_up,
        follow_up_text=draft.get("follow_up_text"),
        raw_text=draft.get("raw"),
    )
    correcting = draft.get("visit_id")
    if correcting:
        visit_id = int(correcting)
        visits.correct_visit(ctx.uow, ctx.user.id, visit_id, record, ctx.now)
    else:
        visit_id = visits.log_visit(ctx.uow, ctx.user.id, record, ctx.now)
    _drop(ctx)
    text = ctx.t("visit.corrected" if correcting else "visit.saved", customer=draft["customer"])
    if follow_up:
        text += "\n" + ctx.t("visit.saved_follow_up", date=_show_date(follow_up))
    after = (
        (
            ctx.button(ctx.t("visit.correct"), "visit_correct", id=visit_id),
            ctx.button(ctx.t("visit.withdraw"), "visit_withdraw", id=visit_id),
        ),
    )
    return [TextReply(text, buttons=after)]


def correct(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Reopens a saved visit (author, within 24 hours) as a card; ✅保存 then updates it in place."""
    assert ctx.user is not None
    visit, customer, contact = visits.editable_visit(ctx.uow, ctx.user.id, int(payload["id"]), ctx.now)
    draft = {
        "visit_id": visit.id,
        "customer": customer,
        "customer_id": visit.customer_id,
        "new_customer": False,
        "contact": contact,
        "when": visit.occurred_at.astimezone(ctx.tz).isoformat(),
        "channel": visit.channel,
        "products": list(visit.products),
        "details": list(visit.product_details),
        "amount": str(visit.amount) if visit.amount is not None else None,
        "outcome": visit.outcome,
        "purpose": visit.purpose,
        "note": visit.note,
        "follow_up": visit.follow_up_date.isoformat() if visit.follow_up_date else None,
        "follow_up_text": None,
        "raw": visit.raw_text,
        "awaiting": None,
        "guided": [],
    }
    _store(ctx, draft)
    return [_card(ctx, draft)]


def edit(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    if _load(ctx) is None:
        return [TextReply(ctx.t("visit.expired"), notice=True)]
    buttons = [ctx.button(ctx.t(f"visit.field.{f}"), "visit_field", field=f) for f in FIELDS]
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    return [TextReply(ctx.t("visit.which_field"), buttons=rows)]


def choose_field(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    draft = _load(ctx)
    if draft is None:
        return [TextReply(ctx.t("visit.expired"), notice=True)]
    field = str(payload["field"])
    draft["awaiting"] = field
    _store(ctx, draft)
    return [TextReply(ctx.t(f"visit.ask.{field}"))]


def cancel(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    _drop(ctx)
    return [TextReply(ctx.t("visit.cancelled"))]


def withdraw(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    visits.withdraw_visit(ctx.uow, ctx.user.id, int(payload["id"]), ctx.now)
    return [TextReply(ctx.t("visit.withdrawn"))]


# ---- answering one field -----------------------------------------------------------------------------------
def _answer_field(ctx: Context, draft: dict[str, Any], field: str, text: str) -> list[Reply]:
    error = _set_field(ctx, draft, field, text.strip())
    if error:
        _store(ctx, draft)
        return [TextReply(error)]
    if field == "customer":
        draft["customer_id"], draft["new_customer"] = None, False
    guided = list(draft.get("guided") or [])
    draft["awaiting"] = guided.pop(0) if guided else None
    draft["guided"] = guided
    if draft["awaiting"]:
        _store(ctx, draft)
        return [TextReply(ctx.t(f"visit.ask.{draft['awaiting']}"))]
    return _resolve_customer(ctx, draft)


def _set_field(ctx: Context, draft: dict[str, Any], field: str, value: str) -> str | None:
    """Sets one field from the user's words; returns a Chinese error when it cannot be understood."""
    skip = value in ("无", "没有", "不用", "-", "none", "")
    if field in ("customer", "contact", "outcome", "note"):
        if field == "customer" and skip:
            return ctx.t("visit.ask.customer")
        draft[field] = None if skip else value[:200]
        if field == "note" and not skip and not draft.get("products"):
            products, details = products_in(value)
            draft["products"], draft["details"] = list(products), list(details)
        return None
    if field == "channel":
        chosen = next((c for c in CHANNELS if c in value), None) or parse_visit(value, ctx.local_now).channel
        if chosen == "其他" and "其他" not in value:
            return ctx.t("visit.bad_channel", options="、".join(CHANNELS))
        draft["channel"] = chosen
        return None
    if field == "products":
        products, details = products_in(value)
        if not products and not skip:
            return ctx.t("visit.bad_products")
        draft["products"], draft["details"] = list(products), list(details)
        return None
    if field == "amount":
        amounts = parse_amounts(value if re.search(r"[万亿元wWkK块]", value) else value + "元")
        if skip:
            draft["amount"] = None
            return None
        if not amounts:
            return ctx.t("visit.bad_amount")
        draft["amount"] = str(amounts[0][0])
        return None
    today = ctx.local_now.date()
    if field == "follow_up":
        if skip:
            draft["follow_up"] = None
            return None
        dates = find_dates(value, today, future=True, calendar_=WorkCalendar())
        if not dates:
            return ctx.t("visit.bad_date")
        draft["follow_up"], draft["follow_up_text"] = dates[-1].day.isoformat(), value
        return None
    dates = find_dates(value, today, future=False, calendar_=WorkCalendar())
    clock = find_time(value)
    if not dates and clock is None:
        return ctx.t("visit.bad_date")
    day = dates[0].day if dates else today
    draft["when"] = datetime.combine(day, clock[0] if clock else time(9), ctx.local_now.tzinfo).isoformat()
    return None


# ---- views ---------------------------------------------------------------------------------------------------
def list_visits(ctx: Context, args: str) -> list[Reply]:
    """/visits (today), /visits 本周, /visits 本月, /visits 华星科技 (that customer's history)."""
    assert ctx.user is not None
    local = ctx.local_now
    today = datetime.combine(local.date(), time(0), local.tzinfo)
    periods = {
        "": (today, "visit.period.today"),
        "今天": (today, "visit.period.today"),
        "本周": (today - timedelta(days=local.weekday()), "visit.period.week"),
        "本月": (today.replace(day=1), "visit.period.month"),
    }
    customer_id = None
    if args.strip() in periods:
        start, label = periods[args.strip()]
        title = ctx.t(label)
    else:
        match = visits.match_customer(ctx.uow, ctx.user.id, args.strip())
        if match.kind != "one":
            return [TextReply(ctx.t("visit.no_customer", name=args.strip()))]
        customer_id, start, title = match.choices[0].id, today - timedelta(days=3650), match.choices[0].name
    rows = visits.visits_between(ctx.uow, ctx.user.id, start, today + timedelta(days=1), customer_id)
    if not rows:
        return [TextReply(ctx.t("visit.none_in", period=title))]
    lines = [ctx.t("visit.list_header", period=title, count=len(rows))]
    for v in rows:
        when = v.occurred_at.astimezone(ctx.tz)
        extra = f" {_show_money(v.amount)}" if v.amount else ""
        lines.append(f"· {when:%m-%d %H:%M} {v.customer}|{v.channel}|{'、'.join(v.products) or '—'}{extra}")
    return [TextReply("\n".join(lines))]


def customer_card(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    if not args.strip():
        return [TextReply(ctx.t("visit.customer_usage"))]
    match = visits.match_customer(ctx.uow, ctx.user.id, args.strip())
    if match.kind != "one":
        names = "、".join(c.name for c in match.choices)
        return [
            TextReply(
                ctx.t("visit.customer_ambiguous", names=names)
                if names
                else ctx.t("visit.no_customer", name=args.strip())
            )
        ]
    choice = match.choices[0]
    history = list_visits(ctx, choice.name)
    tasks = [t for t in visits.open_tasks(ctx.uow, ctx.user.id) if t.customer == choice.name]
    lines = [ctx.t("visit.customer_header", name=choice.name)]
    lines += [f"⏰ {_show_date(t.due) if t.due else '—'} {t.title}" for t in tasks]
    return [TextReply("\n".join(lines)), *history]


def followups(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    tasks = visits.open_tasks(ctx.uow, ctx.user.id)
    if not tasks:
        return [TextReply(ctx.t("visit.no_followups"))]
    today = ctx.local_now.date()
    lines = [ctx.t("visit.followups_header", count=len(tasks))]
    rows: list[tuple[Button, ...]] = []
    for index, task in enumerate(tasks[:10], start=1):
        late = ctx.t("visit.overdue") if task.due and task.due < today else ""
        lines.append(f"{index}. {_show_date(task.due) if task.due else '—'}{late} {task.title}")
        rows.append((ctx.button(ctx.t("visit.done_button", index=index), "task_done", id=task.id),))
    return [TextReply("\n".join(lines), buttons=tuple(rows))]


def task_done(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    title = visits.complete_task(ctx.uow, ctx.user.id, int(payload["id"]), ctx.now)
    return [TextReply(ctx.t("visit.task_done", title=title))]


def on_location(ctx: Context, location: Location) -> list[Reply] | None:
    if ctx.user is None:
        return None
    name = visits.attach_location(ctx.uow, ctx.user.id, location.latitude, location.longitude, ctx.now)
    return [TextReply(ctx.t("visit.location_attached", customer=name))] if name else None


# ---- showing values -----------------------------------------------------------------------------------------
def _show_money(amount: Decimal) -> str:
    if amount >= Decimal(100_000_000):
        return f"{(amount / Decimal(100_000_000)).normalize():f}亿"
    if amount >= Decimal(10_000):
        return f"{(amount / Decimal(10_000)).normalize():f}万"
    return f"{amount.normalize():f}元"


def _show_date(day: date) -> str:
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


def _show_datetime(moment: datetime) -> str:
    return f"{_show_date(moment.date())} {moment:%H:%M}"


def _show_products(draft: dict[str, Any]) -> str | None:
    products = draft.get("products") or []
    if not products:
        return None
    details = [d for d in draft.get("details") or [] if d not in products]
    return "、".join(products) + (f"({'、'.join(details)})" if details else "")


FEATURE = Feature(
    commands=(
        Command("visit", visit_command, "cmd.visit", roles=MANAGERS),
        Command("visits", list_visits, "cmd.visits", roles=MANAGERS),
        Command("customer", customer_card, "cmd.customer", roles=MANAGERS),
        Command("followups", followups, "cmd.followups", roles=MANAGERS),
    ),
    actions={
        "visit_customer": pick_customer,
        "visit_save": save,
        "visit_edit": edit,
        "visit_field": choose_field,
        "visit_cancel": cancel,
        "visit_withdraw": withdraw,
        "visit_correct": correct,
        "task_done": task_done,
    },
    text_routes=(TextRoute(on_text),),
    location_handlers=(on_location,),
)
