"""Product and policy questions: the curated answer when sure, choices when not, and never a guess."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from handlers import telemetry
from handlers.context import Context
from handlers.core import show_help
from handlers.registry import Command, Feature, TextRoute
from handlers.types import Reply, TextReply
from knowledge.kb import Entry, KBError
from knowledge.matcher import MatchResult
from knowledge.smalltalk import small_talk
from storage.enums import Role
from storage.services import audit, conversations, coordination, faq_log

LAST_ANSWER = "faq_last"
FOLLOW_UP_WINDOW = timedelta(minutes=10)
OWNER_HINT_SCORE = 0.3  # below this the nearest entry is unrelated, and so is its department


def answer_text(ctx: Context, text: str) -> list[Reply] | None:
    """Free text is read as a question; a short follow-up is read against the last answer."""
    knowledge = ctx.services.knowledge
    if knowledge is None or ctx.user is None:
        return None
    kind = small_talk(text)
    if kind == "help":
        return show_help(ctx, "")  # 帮助, 菜单, 你能做什么: the bot itself, not a knowledge base entry
    if kind is not None:
        return [TextReply(ctx.t(f"faq.small_talk_{kind}"))]
    last = conversations.recall(ctx.uow, ctx.user.id, ctx.incoming.chat_id, LAST_ANSWER, ctx.now)
    previous = str(last["entry_id"]) if last is not None else None
    result = knowledge.matcher.answer(text, ctx.local_now.date(), previous)
    entry_id = result.entry.id if result.entry else None
    log_id = faq_log.record(ctx.uow, ctx.user.id, text, result.status, entry_id, result.score, ctx.now)
    telemetry.FAQ.labels(status=result.status).inc()
    if result.entry is not None:
        return [_answer(ctx, result.entry, log_id)]
    if result.status == "clarify":
        return [_clarify(ctx, result, log_id)]
    return [_nothing(ctx, result)]


def _answer(ctx: Context, entry: Entry, log_id: int) -> TextReply:
    assert ctx.user is not None
    conversations.remember(
        ctx.uow,
        ctx.user.id,
        ctx.incoming.chat_id,
        LAST_ANSWER,
        {"entry_id": entry.id},
        ctx.now,
        FOLLOW_UP_WINDOW,
    )
    facts = [ctx.t("faq.category", category=entry.category)]
    if entry.effective:
        facts.append(ctx.t("faq.effective", date=entry.effective.isoformat()))
    if entry.owner:
        facts.append(ctx.t("faq.owner", owner=entry.owner))
    text = "\n".join((f"📘 {entry.question}", entry.answer.strip(), "—— " + ctx.t("faq.separator").join(facts)))
    row = (
        ctx.button(ctx.t("faq.useful"), "faq_vote", log=log_id, vote=1),
        ctx.button(ctx.t("faq.not_useful"), "faq_vote", log=log_id, vote=-1),
    )
    return TextReply(text, buttons=(row,))


def _clarify(ctx: Context, result: MatchResult, log_id: int) -> TextReply:
    rows = tuple((ctx.button(c.question, "faq_pick", log=log_id, entry=c.id),) for c in result.candidates)
    rows += ((ctx.button(ctx.t("faq.none_of_these"), "faq_pick", log=log_id, entry=None),),)
    return TextReply(ctx.t("faq.did_you_mean"), buttons=rows)


def _nothing(ctx: Context, result: MatchResult) -> TextReply:
    knowledge = ctx.services.knowledge
    near = [c for c in result.candidates[:1] if c.score >= OWNER_HINT_SCORE]
    owners = [knowledge.matcher.by_id[c.id].owner for c in near] if knowledge else []
    hint = ctx.t("faq.ask_owner", owner=owners[0]) if owners and owners[0] else ctx.t("faq.ask_rephrase")
    return TextReply("\n".join((ctx.t("faq.no_answer"), hint)))


def pick(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    entry_id = payload.get("entry")
    faq_log.resolve_choice(ctx.uow, int(payload["log"]), ctx.user.id, entry_id)
    knowledge = ctx.services.knowledge
    entry = knowledge.matcher.by_id.get(str(entry_id)) if knowledge and entry_id else None
    if entry is None:
        return [TextReply(ctx.t("faq.noted_gap") if not entry_id else ctx.t("faq.entry_gone"))]
    return [_answer(ctx, entry, int(payload["log"]))]


def vote(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    assert ctx.user is not None
    value = int(payload["vote"])
    faq_log.vote(ctx.uow, int(payload["log"]), ctx.user.id, value)
    return [TextReply(ctx.t("faq.thanks_up" if value > 0 else "faq.thanks_down"))]


def ask(ctx: Context, args: str) -> list[Reply]:
    """/ask 问题: the same as typing the question, and usable in group chats."""
    if not args:
        return [TextReply(ctx.t("faq.ask_usage"))]
    return answer_text(ctx, args) or [TextReply(ctx.t("faq.unavailable"))]


def reload_kb(ctx: Context, args: str) -> list[Reply]:
    """Brings the KB files' changes into the served KB (the working copy keeps the desk's edits of entries the
    files did not change); a broken file leaves the old KB serving and says what is wrong."""
    assert ctx.user is not None
    knowledge = ctx.services.knowledge
    if knowledge is None:
        return [TextReply(ctx.t("faq.unavailable"))]
    try:
        count = knowledge.reload(from_files=True)
    except KBError as exc:
        audit.record(ctx.uow, ctx.user.id, "kb_reload_failed", ctx.now, detail={"error": str(exc)[:500]})
        return [TextReply(ctx.t("kb_reload.failed", error=str(exc)))]
    knowledge.version = coordination.announce(ctx.uow, coordination.KB, ctx.now)  # the other instances follow
    audit.record(ctx.uow, ctx.user.id, "kb_reload", ctx.now, detail={"entries": count})
    return [TextReply(ctx.t("kb_reload.done", count=count))]


FEATURE = Feature(
    commands=(
        Command("ask", ask, "cmd.ask", private_only=False),
        Command("kb_reload", reload_kb, "cmd.kb_reload", roles=frozenset({Role.ADMIN, Role.CURATOR})),
    ),
    actions={"faq_pick": pick, "faq_vote": vote},
    text_routes=(TextRoute(answer_text, in_groups=True),),
)
