"""Who am I, my customers, my team: the first views onto the data, scoped by the acting user."""

from __future__ import annotations

from typing import Any

from handlers import paging
from handlers.context import Context
from handlers.registry import Command, Feature
from handlers.types import Reply, TextReply
from storage.enums import Role
from storage.services import customers, org

CUSTOMERS_PER_PAGE = 20


def whoami(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    unit = org.unit_name(ctx.uow, ctx.user.unit_id) or ctx.t("whoami.no_unit")
    card = ctx.t(
        "whoami.card",
        name=ctx.user.name,
        role=ctx.t(f"role.{ctx.user.role.value}"),
        staff_no=ctx.user.staff_no,
        unit=unit,
        timezone=ctx.user.timezone,
    )
    return [TextReply(card)]


def my_customers(ctx: Context, args: str) -> list[Reply]:
    """/customers: the manager's own customers, twenty to a page."""
    return _customers(ctx, 1)


def customers_page(ctx: Context, payload: dict[str, Any]) -> list[Reply]:
    return _customers(ctx, paging.number(payload))


def _customers(ctx: Context, number: int) -> list[Reply]:
    assert ctx.user is not None
    own = customers.list_own(ctx.uow, ctx.user.id)
    if not own:
        return [TextReply(ctx.t("customers.empty"))]
    page = paging.page_of(own, number, CUSTOMERS_PER_PAGE)
    lines = [ctx.t("customers.header", count=len(own))]
    for index, c in enumerate(page.items, start=page.offset + 1):
        phone = f" {c.phone_masked}" if c.phone_masked else ""
        lines.append(ctx.t("customers.line", index=index, name=c.name, tier=c.tier, phone=phone))
    lines += paging.footer(ctx, page)
    return [TextReply("\n".join(lines), buttons=paging.buttons(ctx, page, "customers_page"))]


def members(ctx: Context, args: str) -> list[Reply]:
    assert ctx.user is not None
    units = org.team_members(ctx.uow, ctx.user)
    if not units:
        return [TextReply(ctx.t("members.empty"))]
    blocks = []
    for unit in units:
        lines = [ctx.t("members.header", unit=unit.unit, count=len(unit.members))]
        lines += [
            ctx.t("members.line", name=m.name, role=ctx.t(f"role.{m.role.value}"), staff_no=m.staff_no)
            for m in unit.members
        ]
        blocks.append("\n".join(lines))
    return [TextReply("\n\n".join(blocks))]


FEATURE = Feature(
    commands=(
        Command("whoami", whoami, "cmd.whoami"),
        Command("customers", my_customers, "cmd.customers", roles=frozenset({Role.MANAGER, Role.SUPERVISOR})),
        Command("members", members, "cmd.members", roles=frozenset({Role.SUPERVISOR, Role.ADMIN})),
    ),
    actions={"customers_page": customers_page},
)
