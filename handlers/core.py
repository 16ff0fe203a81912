"""Getting started: /start, /help and /cancel, and the button that runs a command."""

from __future__ import annotations

from typing import Any

from handlers.context import Context
from handlers.registry import Command, Feature
from handlers.types import Reply, TextReply
from storage.enums import Role
from storage.services import onboarding, visit_drafts


def start(ctx: Context, args: str) -> list[Reply]:
    """/start greets; /start CODE (or the t.me/<bot>?start=CODE deep link) binds this account first."""
    code = args.strip()
    if code:
        result = onboarding.redeem(ctx.uow, ctx.incoming.platform, ctx.incoming.user_id, code, ctx.now)
        if result.status not in ("ok", "already"):
            return [TextReply(ctx.t(f"bind.{result.status}"))]
        if result.user is not None:
            ctx.user = result.user
            ctx.locale = result.user.locale
    if ctx.user is None:
        return [TextReply(ctx.t("stranger"))]
    text = "\n".join((ctx.t("start.greeting", name=ctx.user.name), ctx.t(f"start.hint.{ctx.user.role.value}")))
    row = (
        ctx.button(ctx.t("start.button.help"), "run_command", command="help"),
        ctx.button(ctx.t("start.button.whoami"), "run_command", command="whoami"),
    )
    return [TextReply(text, buttons=(row,))]


def show_help(ctx: Context, args: str) -> list[Reply]:
    """The commands the acting user's role may use, each with its catalogue summary."""
    role = ctx.user.role if ctx.user else None
    lines = [ctx.t("help.header")]
    lines += [ctx.t("help.line", name=c.name, summary=ctx.t(c.summary_key)) for c in ctx.registry.for_role(role)]
    footer = "help.footer_curator" if ctx.user and ctx.user.role is Role.CURATOR else "help.footer"
    lines.append(ctx.t(footer) if ctx.user else ctx.t("stranger"))
    return [TextReply("\n".join(lines))]


def cancel(ctx: Context, args: str) -> list[Reply]:
    """Cancels what is in progress in this chat: every open visit draft, a guided /visit included."""
    assert ctx.user is not None
    dropped = visit_drafts.cancel_chat(ctx.uow, ctx.user.id, ctx.incoming.chat_id, ctx.now)
    return [TextReply(ctx.t("cancel.done" if dropped else "cancel.nothing"))]


def run_command(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """A quick-action button: runs a command as if typed, with the same role check."""
    command = ctx.registry.commands.get(str(payload.get("command")))
    if command is None or ctx.user is None or ctx.user.role not in command.roles:
        return [TextReply(ctx.t("error.button_expired"))]
    return command.handler(ctx, "")


FEATURE = Feature(
    commands=(
        Command("start", start, "cmd.start", private_only=False, open_to_strangers=True),
        Command("help", show_help, "cmd.help", private_only=False, open_to_strangers=True),
        Command("cancel", cancel, "cmd.cancel"),
    ),
    actions={"run_command": run_command},
)
