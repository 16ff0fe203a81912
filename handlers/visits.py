"""Visit logging: one message (or /visit) becomes a draft card; nothing is stored until ✅保存. Every button of a
card carries its own draft's id, so an older card acts on its own draft."""

from __future__ import annotations

import re
from typing import Any

from handlers.context import Context
from handlers.registry import Command, Feature, TextRoute
from handlers.types import Reply, TextReply
from knowledge.visit_parser import looks_like_visit
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
    step = visit_drafts.answer(ctx.uow, ctx.user.id, ctx.incoming.chat_id, text, ctx.local_now, ctx.calendar)
    if step is None and looks_like_visit(text):
        step = visit_drafts.from_message(ctx.uow, ctx.user.id, ctx.incoming.chat_id, text, ctx.local_now, ctx.calendar)
    return _show(ctx, step) if step is not None else None


def visit_command(ctx: Context, args: str) -> list[Reply]:
    """/visit 客户=…; 事项=…; 跟进=… fills a draft at once; /visit alone asks field by field."""
    assert ctx.user is not None
    chat = ctx.incoming.chat_id
    if not args.strip():
        return _show(ctx, visit_drafts.guided(ctx.uow, ctx.user.id, chat, ctx.local_now))
    values = form_values(args)
    if values is None:
        return [TextReply(ctx.t("visit.form_help"))]
    return _show(ctx, visit_drafts.from_form(ctx.uow, ctx.user.id, chat, values, args, ctx.local_now, ctx.calendar))


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
    return _show(ctx, visit_drafts.choose_customer(ctx.uow, ctx.user.id, _draft(payload), customer, ctx.now))


def save(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """Stores the card's own draft: a new visit, or (when the draft reopened a saved one) a correction of it."""
    assert ctx.user is not None
    saved = visit_drafts.confirm(ctx.uow, ctx.user.id, _draft(payload), ctx.now)
    text = ctx.t("visit.corrected" if saved.corrected else "visit.saved", customer=saved.customer)
    if saved.follow_up:
        text += "\n" + ctx.t("visit.saved_follow_up", date=ctx.fmt.day_and_weekday(saved.follow_up))
    after = (
        ctx.button(ctx.t("visit.correct"), "visit_correct", id=saved.visit_id),
        ctx.button(ctx.t("visit.withdraw"), "visit_withdraw", id=saved.visit_id),
    )
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
        return [TextReply(ctx.t("visit.ask.customer_of", understood=_summary(ctx, step.draft)))]
    if step.ask is not None:
        return [TextReply(ctx.t(f"visit.ask.{step.ask}"))]
    if step.choices:
        return [_which_customer(ctx, step)]
    return [_card(ctx, step.draft)]


def _which_customer(ctx: Context, step: Step) -> TextReply:
    draft = step.draft
    rows = tuple((ctx.button(c.name, "visit_customer", draft=draft.id, id=c.id),) for c in step.choices)
    new = ctx.t("visit.new_customer_button", name=draft.customer)
    rows += ((ctx.button(new, "visit_customer", draft=draft.id, id=None),),)
    return TextReply(ctx.t("visit.which_customer", name=draft.customer), buttons=rows)


def _card(ctx: Context, draft: VisitDraft) -> TextReply:
    fmt = ctx.fmt
    customer = f"{draft.customer}{ctx.t('visit.card.new') if draft.new_customer else ''}"
    values = {
        "contact": draft.contact,
        "when": fmt.moment(draft.occurred_at.astimezone(ctx.tz)),
        "channel": draft.channel,
        "products": fmt.products(draft.products, draft.product_details) if draft.products else None,
        "amount": fmt.money(draft.amount) if draft.amount is not None else None,
        "outcome": draft.outcome,
        "follow_up": fmt.day_and_weekday(draft.follow_up) if draft.follow_up else None,
        "note": draft.note,
    }
    lines = [ctx.t("visit.card_title"), ctx.t("visit.card.customer", value=customer)]
    lines += [ctx.t(f"visit.card.{key}", value=value) for key, value in values.items() if value]
    row = (
        ctx.button(ctx.t("visit.save"), "visit_save", draft=draft.id),
        ctx.button(ctx.t("visit.edit"), "visit_edit", draft=draft.id),
        ctx.button(ctx.t("visit.cancel"), "visit_cancel", draft=draft.id),
    )
    return TextReply("\n".join(lines), buttons=(row,))


def _summary(ctx: Context, draft: VisitDraft) -> str:
    products = ctx.fmt.products(draft.products, draft.product_details) if draft.products else ""
    parts = [p for p in (draft.channel, products, draft.note or "") if p]
    return ctx.t("visit.summary_separator").join(parts) or ctx.t("visit.nothing_understood")


FEATURE = Feature(
    commands=(Command("visit", visit_command, "cmd.visit", roles=MANAGERS),),
    actions={
        "visit_customer": pick_customer,
        "visit_save": save,
        "visit_edit": edit,
        "visit_field": choose_field,
        "visit_cancel": cancel,
        "visit_withdraw": withdraw,
        "visit_correct": correct,
    },
    text_routes=(TextRoute(on_text),),
)
