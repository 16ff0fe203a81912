"""Visit logging: one message (or /visit) becomes a draft card; nothing is stored until ✅保存. Every button of a
card carries its own draft's id, so an older card acts on its own draft."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from handlers.context import Context
from handlers.registry import Command, Feature, TextRoute
from handlers.types import Button, Reply, TextReply
from storage.enums import Role
from storage.services import visit_drafts, visits
from storage.services.visit_drafts import FIELDS, DraftGone, Step, VisitDraft

MANAGERS = frozenset({Role.MANAGER, Role.SUPERVISOR})
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
_FORM_PARTS = re.compile(r"[;;\n]+")
_FORM_PAIR = re.compile(r"^\s*([^==]+?)\s*[==](.*)$", re.S)


# ---- messages and /visit --------------------------------------------------------------------------------------
def on_text(ctx: Context, text: str) -> list[Reply] | None:
    """The answer to a draft's pending question, or a new visit report; None for anything else."""
    if ctx.user is None or ctx.user.role not in MANAGERS:
        return None
    chat = ctx.incoming.chat_id
    step = visit_drafts.answer(ctx.uow, ctx.user, chat, text, ctx.local_now, ctx.calendar)
    if step is not None:
        return _show(ctx, step)
    steps = visit_drafts.from_message(ctx.uow, ctx.user, chat, text, ctx.local_now, ctx.calendar)
    return [reply for one in steps for reply in _show(ctx, one)] or None


def visit_command(ctx: Context, args: str) -> list[Reply]:
    """/visit 客户=…; 事项=…; 跟进=… fills a draft at once; /visit alone asks field by field."""
    assert ctx.user is not None
    chat = ctx.incoming.chat_id
    if not args.strip():
        return _show(ctx, visit_drafts.guided(ctx.uow, ctx.user.id, chat, ctx.local_now))
    values = form_values(args)
    if values is None:
        return [TextReply(ctx.t("visit.form_help"))]
    return _show(ctx, visit_drafts.from_form(ctx.uow, ctx.user, chat, values, args, ctx.local_now, ctx.calendar))


def form_values(args: str) -> list[tuple[str, str]] | None:
    """`客户=华星科技; 联系人=王总` → [("customer", "华星科技"), ("contact", "王总")]; None when a part is not one."""
    values = []
    for part in filter(str.strip, _FORM_PARTS.split(args)):
        pair = _FORM_PAIR.match(part)
        field = FORM_KEYS.get(pair.group(1).strip()) if pair else None
        if pair is None or field is None:
            return None
        values.append((field, pair.group(2).strip()))
    return values or None


# ---- buttons ------------------------------------------------------------------------------------------------------
def pick_customer(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    customer = int(payload["id"]) if payload.get("id") is not None else None
    step = visit_drafts.choose_customer(
        ctx.uow, ctx.user.id, _draft(payload), customer, ctx.now, other=bool(payload.get("other"))
    )
    return _show(ctx, step)


def pick_register(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Another manager's customer: a joint visit on it, or also a request to take it over."""
    assert ctx.user is not None
    handover = bool(payload.get("handover"))
    step = visit_drafts.choose_register(
        ctx.uow, ctx.user, _draft(payload), int(payload["id"]), ctx.now, handover=handover
    )
    replies = _show(ctx, step)
    return [TextReply(ctx.t("visit.handover_requested", owner=step.draft.owner)), *replies] if handover else replies


def pick_day(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    days_ago = int(payload.get("days_ago", 0))
    return _show(ctx, visit_drafts.set_day(ctx.uow, ctx.user.id, _draft(payload), days_ago, ctx.local_now))


def pick_follow_up(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """下次跟进? answered with a quick button: 明天, 下周一, 月底, or 不需要."""
    assert ctx.user is not None
    day = QUICK_FOLLOW_UPS[str(payload["when"])](ctx.local_now.date())
    return _show(ctx, visit_drafts.set_follow_up(ctx.uow, ctx.user.id, _draft(payload), day, ctx.local_now))


def save(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Stores the card's own draft: a new visit, a correction of a reopened one, or a planned visit's task."""
    assert ctx.user is not None
    saved = visit_drafts.confirm(ctx.uow, ctx.user.id, _draft(payload), ctx.local_now)
    if saved.planned_on is not None:
        day = ctx.fmt.day_and_weekday(saved.planned_on)
        return [TextReply(ctx.t("visit.plan_saved", customer=saved.customer, date=day))]
    text = ctx.t("visit.corrected" if saved.corrected else "visit.saved", customer=saved.customer)
    if saved.follow_up:
        text += "\n" + ctx.t("visit.saved_follow_up", date=ctx.fmt.day_and_weekday(saved.follow_up))
    after = (
        ctx.button(ctx.t("visit.correct"), "visit_correct", id=saved.visit_id),
        ctx.button(ctx.t("visit.withdraw"), "visit_withdraw", id=saved.visit_id),
    )  # a saved visit always has its id; only a plan has none
    return [TextReply(text, buttons=(after,))]


def edit(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    draft = visit_drafts.current(ctx.uow, ctx.user.id, _draft(payload), ctx.now)
    buttons = [ctx.button(ctx.t(f"visit.field.{f}"), "visit_field", draft=draft.id, field=f) for f in FIELDS]
    rows = tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))
    return [TextReply(ctx.t("visit.which_field"), buttons=rows)]


def choose_field(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    return _show(ctx, visit_drafts.ask_field(ctx.uow, ctx.user.id, _draft(payload), str(payload["field"]), ctx.now))


def cancel(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    visit_drafts.cancel(ctx.uow, ctx.user.id, _draft(payload), ctx.now)
    return [TextReply(ctx.t("visit.cancelled"))]


def correct(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Reopens a saved visit (author, within 24 hours) as a card; ✅保存 then updates it in place."""
    assert ctx.user is not None
    return _show(ctx, visit_drafts.reopen(ctx.uow, ctx.user.id, ctx.incoming.chat_id, int(payload["id"]), ctx.now))


def withdraw(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    visits.withdraw_visit(ctx.uow, ctx.user.id, int(payload["id"]), ctx.now)
    return [TextReply(ctx.t("visit.withdrawn"))]


def _draft(payload: dict[str, Any]) -> int:
    """The draft a card's button names (buttons issued before drafts had ids name none)."""
    if payload.get("draft") is None:
        raise DraftGone()
    return int(payload["draft"])


# ---- what the user sees -----------------------------------------------------------------------------------------
def _show(ctx: Context, step: Step) -> list[Reply]:
    if step.missing_customer:
        return [_ask_customer(ctx, step)]
    if step.ask is not None:
        return [TextReply(ctx.t(f"visit.ask.{step.ask}"))]
    if step.choices:
        return [_which_customer(ctx, step)]
    if step.register:
        return [_theirs(ctx, step)]
    return [_card(ctx, step.draft)]


def _ask_customer(ctx: Context, step: Step) -> TextReply:
    """No customer named for sure: the name that may be it (as a new customer), the author's recent customers,
    and another new customer as an explicit choice."""
    draft = step.draft
    rows: tuple[tuple[Button, ...], ...] = ()
    if step.guess:
        new = ctx.t("visit.new_customer_button", name=step.guess)
        rows += ((ctx.button(new, "visit_customer", draft=draft.id, id=None),),)
    rows += tuple((ctx.button(c.name, "visit_customer", draft=draft.id, id=c.id),) for c in step.recent)
    rows += ((ctx.button(ctx.t("visit.new_customer_plain"), "visit_customer", draft=draft.id, id=None, other=True),),)
    if step.guess:
        text = ctx.t("visit.ask.customer_guess", understood=_summary(ctx, draft), name=step.guess)
    else:
        text = ctx.t("visit.ask.customer_of", understood=_summary(ctx, draft))
    return TextReply(text, buttons=rows)


def _theirs(ctx: Context, step: Step) -> TextReply:
    """The name is another manager's customer: who looks after it, and nothing more of it."""
    draft, choice = step.draft, step.register[0]
    rows = (
        (ctx.button(ctx.t("visit.joint_button"), "visit_register", draft=draft.id, id=choice.id),),
        (ctx.button(ctx.t("visit.handover_button"), "visit_register", draft=draft.id, id=choice.id, handover=True),),
        (ctx.button(ctx.t("visit.not_theirs_button", name=draft.customer), "visit_customer", draft=draft.id, id=None),),
    )
    text = ctx.t("visit.owned_by_other", name=draft.customer, owner=choice.owner)
    return TextReply(text, buttons=rows)


def _which_customer(ctx: Context, step: Step) -> TextReply:
    draft = step.draft
    rows = tuple((ctx.button(c.name, "visit_customer", draft=draft.id, id=c.id),) for c in step.choices)
    new = ctx.t("visit.new_customer_button", name=draft.customer)
    rows += ((ctx.button(new, "visit_customer", draft=draft.id, id=None),),)
    return TextReply(ctx.t("visit.which_customer", name=draft.customer), buttons=rows)


def _card(ctx: Context, draft: VisitDraft) -> TextReply:
    """The draft as the author confirms it, with a question where the message left something open."""
    lines = [ctx.t("visit.plan_title" if draft.planned else "visit.card_title")]
    lines.append(ctx.t("visit.card.customer", value=_customer_line(ctx, draft)))
    lines += [ctx.t(f"visit.card.{key}", value=value) for key, value in _values(ctx, draft).items() if value]
    lines += _warnings(ctx, draft)
    save_label = ctx.t("visit.save_plan" if draft.planned else "visit.save")
    rows: list[tuple[Button, ...]] = [
        (
            ctx.button(save_label, "visit_save", draft=draft.id),
            ctx.button(ctx.t("visit.edit"), "visit_edit", draft=draft.id),
            ctx.button(ctx.t("visit.cancel"), "visit_cancel", draft=draft.id),
        )
    ]
    if draft.date_problem:
        rows.append(tuple(ctx.button(ctx.t(f"visit.day.{n}"), "visit_day", draft=draft.id, days_ago=n) for n in (0, 1)))
    if draft.asks_follow_up:
        lines.append(ctx.t("visit.ask_follow_up"))
        quick = [
            ctx.button(ctx.t(f"visit.quick.{k}"), "visit_follow", draft=draft.id, when=k) for k in QUICK_FOLLOW_UPS
        ]
        rows.append(tuple(quick))
    return TextReply("\n".join(lines), buttons=tuple(rows))


def _customer_line(ctx: Context, draft: VisitDraft) -> str:
    if draft.joint:
        return ctx.t("visit.card.joint", name=draft.customer, owner=draft.owner)
    return f"{draft.customer}{ctx.t('visit.card.new') if draft.new_customer else ''}"


def _values(ctx: Context, draft: VisitDraft) -> dict[str, str | None]:
    fmt = ctx.fmt
    amount = None
    if draft.amount is not None:
        amount = fmt.money(draft.amount)
        amount = ctx.t("visit.approximately", amount=amount) if draft.amount_note == "approximate" else amount
    return {
        "contact": draft.contact,
        "when": fmt.moment(draft.occurred_at.astimezone(ctx.tz), with_clock=draft.time_known),
        "channel": draft.channel,
        "products": fmt.products(draft.products, draft.product_details) if draft.products else None,
        "amount": amount,
        "outcome": draft.outcome,
        "follow_up": fmt.day_and_weekday(draft.follow_up) if draft.follow_up else None,
        "note": draft.note,
    }


def _warnings(ctx: Context, draft: VisitDraft) -> list[str]:
    """What the message said that cannot be saved as read: an amount to confirm, a date that cannot be."""
    lines = []
    if draft.amount_note not in (None, "approximate") and draft.amount is None:
        lines.append(ctx.t(f"visit.amount_{draft.amount_note}", words=draft.amount_text))
    if draft.date_problem:
        lines.append(ctx.t("visit.bad_day", words=draft.date_problem))
    elif draft.date_vague:
        day = ctx.fmt.day_and_weekday(draft.occurred_at.astimezone(ctx.tz).date())
        lines.append(ctx.t("visit.rough_day", words=draft.date_vague, day=day))
    return lines


def _summary(ctx: Context, draft: VisitDraft) -> str:
    products = ctx.fmt.products(draft.products, draft.product_details) if draft.products else ""
    parts = [p for p in (draft.channel, products, draft.note or "") if p]
    return ctx.t("visit.summary_separator").join(parts) or ctx.t("visit.nothing_understood")


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _month_end(today: date) -> date:
    last = today.replace(day=monthrange(today.year, today.month)[1])
    return (
        last
        if last > today
        else (last + timedelta(days=1)).replace(day=monthrange(today.year, today.month % 12 + 1)[1])
    )


QUICK_FOLLOW_UPS: dict[str, Callable[[date], date | None]] = {
    "tomorrow": lambda today: today + timedelta(days=1),
    "monday": _next_monday,
    "month_end": _month_end,
    "none": lambda today: None,
}


FEATURE = Feature(
    commands=(Command("visit", visit_command, "cmd.visit", roles=MANAGERS),),
    actions={
        "visit_customer": pick_customer,
        "visit_register": pick_register,
        "visit_day": pick_day,
        "visit_follow": pick_follow_up,
        "visit_save": save,
        "visit_edit": edit,
        "visit_field": choose_field,
        "visit_cancel": cancel,
        "visit_withdraw": withdraw,
        "visit_correct": correct,
    },
    text_routes=(TextRoute(on_text),),
)
