"""`kehu web`: serve the web desk alone; `kehu web link --as WHO`: a one-time sign-in link printed on the server,
for the first admin (everyone else sends /web in chat)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

from bot.bootstrap import build_app, build_storage
from bot.config import Settings
from handlers.context import WebDesk
from storage.errors import DomainError
from storage.services import staff, web_auth


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    web = sub.add_parser("web", help="网页工作台 (the web desk)")
    web.set_defaults(func=cmd_serve)
    actions = web.add_subparsers(metavar="ACTION")
    link = actions.add_parser("link", help="打印一次性登录链接 (print a one-time sign-in link)")
    link.add_argument("--as", dest="who", required=True, help="admin | supervisor | curator | 姓名 | 工号")
    link.set_defaults(func=cmd_link)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    if settings.web_port is None:
        print("请先设置 KEHU_WEB_PORT(例如 8088)(set KEHU_WEB_PORT first)", file=sys.stderr)
        return 2
    from bot.web.app import serve_desk

    app = build_app(settings)
    try:
        print(f"网页工作台 web desk: {settings.desk_url}  (kehu web link --as admin 获取登录链接)")
        asyncio.run(serve_desk(app, settings))
    finally:
        app.close()
    return 0


def cmd_link(settings: Settings, args: argparse.Namespace) -> int:
    base = settings.desk_url or "http://127.0.0.1:8088"
    secret = settings.web_secret.get_secret_value() if settings.web_secret else None
    storage = build_storage(settings)
    try:
        with storage.uow_factory() as uow:
            now = datetime.now(UTC)
            person = staff.pick(uow, args.who)
            token = web_auth.issue_link(uow, person.id, web_auth.signing_key(uow, secret, now), now)
            uow.commit()
    except DomainError:
        print(f"找不到员工「{args.who}」(no such active staff member)", file=sys.stderr)
        return 1
    finally:
        storage.close()
    minutes = int(web_auth.LINK_TTL.total_seconds() // 60)
    print(f"{person.name} 的登录链接({minutes} 分钟内有效,仅可使用一次):")
    print(WebDesk(base, secret).link(token))
    return 0
