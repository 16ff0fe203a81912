"""`kehu staff …`: accounts, invite codes, roster import, deactivation and handover, for administrators."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from bot import roster
from bot.bootstrap import build_storage
from bot.config import Settings
from bot.spreadsheets import SheetError, read_table
from handlers import messages
from storage.errors import DomainError
from storage.services import onboarding
from storage.uow import UnitOfWork

T = TypeVar("T")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = sub.add_parser("staff", help="人员管理 (staff)").add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="新建人员并生成邀请码")
    for flag in ("--no", "--name", "--role"):
        add.add_argument(flag, required=True)
    add.add_argument("--team", default=None)
    add.add_argument("--new-team", action="store_true", help="团队不存在时新建(默认拒绝,防止错别字建出新团队)")
    add.add_argument("--phone", default=None)
    add.add_argument("--wecom", default=None, help="企业微信账号 (userid):绑定后无需邀请码")
    add.add_argument("--bot", default=None, help="Telegram 机器人用户名,用于生成 t.me 深链接")
    add.set_defaults(func=cmd_add)
    imp = actions.add_parser("import", help="从花名册导入:姓名, 工号, 角色, 团队, 手机")
    imp.add_argument("file", type=Path)
    imp.add_argument("--bot", default=None)
    imp.add_argument("--new-teams", action="store_true", help="花名册里不存在的团队一并新建")
    imp.set_defaults(func=cmd_import)
    invite = actions.add_parser("invite", help="重新生成邀请码(旧码失效);工号或姓名")
    invite.add_argument("no")
    invite.add_argument("--bot", default=None)
    invite.set_defaults(func=cmd_invite)
    move = actions.add_parser("move", help="调动到另一个已有团队;工号或姓名")
    move.add_argument("no")
    move.add_argument("team")
    move.set_defaults(func=cmd_move)
    off = actions.add_parser("deactivate", help="停用离岗人员,立即失去访问权限;工号或姓名")
    off.add_argument("no")
    off.set_defaults(func=cmd_deactivate)
    hand = actions.add_parser("handover", help="离岗交接:客户和未完成任务转给接手人")
    hand.add_argument("old")
    hand.add_argument("new")
    hand.set_defaults(func=cmd_handover)


def _with_uow(settings: Settings, work: Callable[[UnitOfWork], T]) -> T:
    """Runs one change in one transaction, committed only when it succeeds."""
    storage = build_storage(settings)
    try:
        with storage.uow_factory() as uow:
            result = work(uow)
            uow.commit()
            return result
    finally:
        storage.close()


def _failed(exc: DomainError) -> str:
    """The catalogue's Chinese text for a refusal, never its key."""
    return messages.text("zh-CN", exc.code, **exc.params)


def _link(code: str, bot: str | None) -> str:
    return f"  深链接 https://t.me/{bot.lstrip('@')}?start={code}" if bot else ""


def _now() -> datetime:
    return datetime.now(UTC)


def cmd_add(settings: Settings, args: argparse.Namespace) -> int:
    role = onboarding.role_of(args.role)
    if role is None:
        print(f"角色「{args.role}」无效,应为 客户经理/团队主管/管理员")
        return 2

    def work(uow: UnitOfWork) -> str:
        onboarding.add_staff(uow, args.no, args.name, role, args.team, args.phone, _now(), new_team=args.new_team)
        if args.wecom:
            onboarding.link_account(uow, args.no, "wecom", args.wecom, _now())
        return onboarding.issue_invite(uow, args.no, _now())

    try:
        code = _with_uow(settings, work)
    except DomainError as exc:
        print(f"失败:{_failed(exc)}")
        return 1
    print(f"已创建 {args.name}({args.no}),邀请码 {code}(7 天内有效,仅可使用一次){_link(code, args.bot)}")
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    try:
        _, rows = read_table(args.file)
    except SheetError as exc:
        print(f"导入失败:{exc}")
        return 1
    people, errors = _with_uow(
        settings, lambda uow: roster.check_rows(uow, rows, settings.timezone, new_teams=args.new_teams)
    )
    if errors:
        print(f"有 {len(errors)} 行错误,未导入任何人员:")
        print("\n".join(f"  {e}" for e in errors))
        return 1
    try:
        invited = _with_uow(settings, lambda uow: roster.add_people(uow, people, _now(), new_teams=args.new_teams))
    except DomainError as exc:
        print(f"导入失败,未导入任何人员:{_failed(exc)}")
        return 1
    print(f"已导入 {len(invited)} 人,邀请码(7 天内有效,仅可使用一次):")
    for person in invited:
        print(f"  {person.staff_no} {person.name} {person.code}{_link(person.code, args.bot)}")
    return 0


def cmd_invite(settings: Settings, args: argparse.Namespace) -> int:
    try:
        code = _with_uow(settings, lambda uow: onboarding.issue_invite(uow, args.no, _now()))
    except DomainError as exc:
        print(_failed(exc))
        return 1
    print(f"新邀请码 {code}(旧码已失效){_link(code, args.bot)}")
    return 0


def cmd_move(settings: Settings, args: argparse.Namespace) -> int:
    try:
        name = _with_uow(settings, lambda uow: onboarding.move_staff(uow, args.no, args.team, _now()))
    except DomainError as exc:
        print(_failed(exc))
        return 1
    print(f"已将 {name} 调到 {args.team}")
    return 0


def cmd_deactivate(settings: Settings, args: argparse.Namespace) -> int:
    try:
        name = _with_uow(settings, lambda uow: onboarding.deactivate(uow, args.no, _now()))
    except DomainError as exc:
        print(_failed(exc))
        return 1
    print(f"已停用 {name}({args.no}),立即失去访问权限。如需交接客户:kehu staff handover {args.no} 接手人工号")
    return 0


def cmd_handover(settings: Settings, args: argparse.Namespace) -> int:
    try:
        result = _with_uow(settings, lambda uow: onboarding.handover(uow, args.old, args.new, _now()))
    except DomainError as exc:
        print(f"交接失败:{_failed(exc)}(接手人须在职)")
        return 1
    print(f"已交接 {result.customers} 位客户、{result.tasks} 项未完成任务;拜访历史保留在原作者名下。")
    if result.kept:
        print(f"接手人已有同名客户,以下未转移,请人工合并:{'、'.join(result.kept)}")
    return 0
