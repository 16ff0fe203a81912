"""/staff for admins in chat: the list, add, move, deactivate, invite and handover, each change shown on a
confirmation card first; the same services as `kehu staff` on the command line."""

from __future__ import annotations

from typing import Any

from handlers import paging
from handlers.context import Context
from handlers.registry import Command, Feature
from handlers.types import Reply, TextReply
from storage.enums import Role
from storage.services import onboarding, org
from storage.services.onboarding import StaffCard

ADMINS = frozenset({Role.ADMIN})
VERBS = {
    "新增": "add",
    "添加": "add",
    "add": "add",
    "调动": "move",
    "调岗": "move",
    "move": "move",
    "停用": "off",
    "离职": "off",
    "deactivate": "off",
    "邀请": "invite",
    "邀请码": "invite",
    "invite": "invite",
    "交接": "handover",
    "handover": "handover",
}
NEW_TEAM_WORD = "新建团队"
MEMBERS_PER_PAGE = 15


def staff_command(ctx: Context, args: str) -> list[Reply]:
    """/staff (the list), /staff 新增 工号 姓名 角色 [团队] [手机] [新建团队], /staff 调动 谁 团队, /staff 停用 谁,
    /staff 邀请 谁, /staff 交接 谁 接手人: 谁 is a staff number or a name only one person has."""
    words = args.split()
    if not words:
        return _list(ctx, 1)
    verb = VERBS.get(words[0].lower())
    rest = words[1:]
    if verb == "add" and 3 <= len(rest) <= 6:
        return _confirm_add(ctx, rest)
    if verb == "move" and len(rest) == 2:
        card = onboarding.staff_card(ctx.uow, rest[0])
        return _confirm(ctx, ctx.t("staff.confirm_move", who=_who(ctx, card), team=rest[1]), op="move", args=rest)
    if verb == "off" and len(rest) == 1:
        card = onboarding.staff_card(ctx.uow, rest[0])
        return _confirm(ctx, ctx.t("staff.confirm_off", who=_who(ctx, card)), op="off", args=rest)
    if verb == "handover" and len(rest) == 2:
        old = onboarding.staff_card(ctx.uow, rest[0], active_only=False)
        new = onboarding.staff_card(ctx.uow, rest[1])
        text = ctx.t("staff.confirm_handover", old=_who(ctx, old), new=_who(ctx, new))
        return _confirm(ctx, text, op="handover", args=rest)
    if verb == "invite" and len(rest) == 1:
        card = onboarding.staff_card(ctx.uow, rest[0])
        code = onboarding.issue_invite(ctx.uow, card.staff_no, ctx.now)
        return [TextReply(ctx.t("staff.invited", who=_who(ctx, card), code=code))]
    return [TextReply(ctx.t("staff.usage"))]


def staff_page(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    return _list(ctx, paging.number(payload))


def staff_confirm(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    """✅ on a card: the change is made now (the services check everything again)."""
    assert ctx.user is not None
    op, args, by = str(payload["op"]), [str(a) for a in payload["args"]], ctx.user.id
    if op == "add":
        no, name, role_word, team, phone, new_team = args
        role = onboarding.role_of(role_word)
        assert role is not None  # checked before the card was shown
        onboarding.add_staff(
            ctx.uow, no, name, role, team or None, phone or None, ctx.now, new_team=new_team == "1", actor_id=by
        )
        code = onboarding.issue_invite(ctx.uow, no, ctx.now)
        return [TextReply(ctx.t("staff.added", name=name, staff_no=no, code=code))]
    if op == "move":
        name = onboarding.move_staff(ctx.uow, args[0], args[1], ctx.now, actor_id=by)
        return [TextReply(ctx.t("staff.moved", name=name, team=args[1]))]
    if op == "off":
        name = onboarding.deactivate(ctx.uow, args[0], ctx.now, actor_id=by)
        return [TextReply(ctx.t("staff.deactivated", name=name))]
    result = onboarding.handover(ctx.uow, args[0], args[1], ctx.now, actor_id=by)
    lines = [ctx.t("staff.handed_over", customers=result.customers, tasks=result.tasks)]
    if result.kept:
        lines.append(ctx.t("staff.handover_kept", names=ctx.fmt.join(result.kept)))
    return [TextReply("\n".join(lines))]


def staff_cancel(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    return [TextReply(ctx.t("staff.cancelled"))]


def _confirm_add(ctx: Context, rest: list[str]) -> list[Reply]:
    new_team = rest[-1] == NEW_TEAM_WORD
    values = rest[:-1] if new_team else rest
    no, name, role_word = values[:3]
    role = onboarding.role_of(role_word)
    if role is None:
        return [TextReply(ctx.t("staff.bad_role", role=role_word))]
    team = values[3] if len(values) > 3 else ""
    phone = values[4] if len(values) > 4 else ""
    onboarding.check_new_staff(ctx.uow, no, team or None, phone or None, new_team=new_team)
    text = ctx.t(
        "staff.confirm_add",
        name=name,
        staff_no=no,
        role=ctx.t(f"role.{role.value}"),
        team=(team + (ctx.t("staff.new_team") if new_team else "")) if team else "—",
        phone=phone or "—",
    )
    return _confirm(ctx, text, op="add", args=[no, name, role_word, team, phone, "1" if new_team else ""])


def _confirm(ctx: Context, text: str, **payload: Any) -> list[Reply]:
    row = (
        ctx.button(ctx.t("staff.yes"), "staff_confirm", **payload),
        ctx.button(ctx.t("staff.no"), "staff_cancel"),
    )
    return [TextReply(text, buttons=(row,))]


def _who(ctx: Context, card: StaffCard) -> str:
    team = card.team or ctx.t("whoami.no_unit")
    return ctx.t("staff.who", name=card.name, staff_no=card.staff_no, role=ctx.t(f"role.{card.role.value}"), team=team)


def _list(ctx: Context, number: int) -> list[Reply]:
    assert ctx.user is not None
    members = org.members_in_scope(ctx.uow, ctx.user)
    if not members:
        return [TextReply(ctx.t("members.empty") + "\n" + ctx.t("staff.usage"))]
    page = paging.page_of(sorted(members, key=lambda m: (m.team, m.role.value, m.staff_no)), number, MEMBERS_PER_PAGE)
    lines = [ctx.t("staff.header", count=len(members))]
    team = None
    for m in page.items:
        if m.team != team:
            team = m.team
            lines.append(ctx.t("staff.team", team=team))
        lines.append(ctx.t("members.line", name=m.name, role=ctx.t(f"role.{m.role.value}"), staff_no=m.staff_no))
    lines += paging.footer(ctx, page)
    lines.append(ctx.t("staff.hint"))
    return [TextReply("\n".join(lines), buttons=paging.buttons(ctx, page, "staff_page"))]


FEATURE = Feature(
    commands=(Command("staff", staff_command, "cmd.staff", roles=ADMINS),),
    actions={"staff_page": staff_page, "staff_confirm": staff_confirm, "staff_cancel": staff_cancel},
)
