"""/web: a one-time link to the web desk (curators' knowledge base, supervisors' team view, admins' staff), sent
only in a private chat, since whoever opens it is signed in as the asker."""

from __future__ import annotations

from handlers.context import Context
from handlers.registry import Command, Feature
from handlers.types import Button, Reply, TextReply
from storage.services import web_auth


def web_link(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    desk = ctx.services.web
    if desk is None:
        return [TextReply(ctx.t("web.disabled"))]
    key = web_auth.signing_key(ctx.uow, desk.secret, ctx.now)
    link = desk.link(web_auth.issue_link(ctx.uow, ctx.user.id, key, ctx.now))
    minutes = int(web_auth.LINK_TTL.total_seconds() // 60)
    text = ctx.t("web.link", link=link, minutes=minutes)
    return [TextReply(text, buttons=((Button(ctx.t("web.open"), url=link),),))]


FEATURE = Feature(commands=(Command("web", web_link, "cmd.web"),))
