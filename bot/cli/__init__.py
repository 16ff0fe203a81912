"""The `kehu` command line: run the bot, open the console, upgrade the schema, seed the demo, and the tools of
its subcommand modules. `main(argv)` is the whole command, so tests call it in process."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.bootstrap import App, build_app, build_engine, build_storage
from bot.channels.console import ConsoleChannel, login
from bot.cli import imports, kb, staff, visits, web, workdays
from bot.config import ConfigError, Settings, load_settings
from bot.logsetup import configure_logging
from knowledge import semantic
from knowledge.kb import KBError
from storage import migrate
from storage.errors import DomainError
from storage.services import staff as staff_service
from storage.services.demo import seed_demo
from storage.uow import UnitOfWorkFactory

EXIT_CONFIG = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings.log_level_number, as_json=settings.log_format == "json")
    semantic.configure(enabled=settings.semantic, cache_dir=settings.cache_dir)
    try:
        result: int = args.func(settings, args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    except KBError as exc:
        print(f"知识库错误 knowledge base error: {exc}", file=sys.stderr)
        return 1
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehu", description="kehu 客户经理助手")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="启动机器人;未配置 Telegram 令牌时打开控制台 (start the bot)")
    run.add_argument("--as", dest="who", default=None, help="控制台身份 (console user)")
    run.set_defaults(func=_cmd_run)

    console = sub.add_parser("console", help="在终端里与机器人对话 (chat in the terminal)")
    console.add_argument(
        "--as",
        dest="who",
        default=None,
        help="manager | supervisor | admin | curator | 姓名 | 工号 (default: KEHU_CONSOLE_AS)",
    )
    console.set_defaults(func=_cmd_console)

    db = sub.add_parser("db", help="数据库 (database)").add_subparsers(required=True, metavar="ACTION")
    db.add_parser("upgrade", help="升级数据库结构 (upgrade the schema)").set_defaults(func=_cmd_db_upgrade)

    kb.add_commands(sub)
    visits.add_commands(sub)
    imports.add_commands(sub)
    staff.add_commands(sub)
    workdays.add_commands(sub)
    web.add_commands(sub)

    demo = sub.add_parser("demo", help="演示数据 (demo data)").add_subparsers(required=True, metavar="ACTION")
    demo.add_parser("seed", help="写入演示数据,可重复执行 (seed the demo, idempotent)").set_defaults(
        func=_cmd_demo_seed
    )
    return parser


def _cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    engine = build_engine(settings, upgrade_schema=False)
    try:
        before, after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"数据库已是最新版本 schema already at revision {after}")
    elif before is None:
        print(f"已创建数据库表结构 schema created at revision {after}")
    else:
        print(f"数据库已从 {before} 升级到 {after} schema upgraded from {before} to {after}")
    return 0


def _cmd_demo_seed(settings: Settings, args: argparse.Namespace) -> int:
    storage = build_storage(settings)
    try:
        _seed(storage.uow_factory, settings)
    finally:
        storage.close()
    return 0


def _seed(uow_factory: UnitOfWorkFactory, settings: Settings) -> None:
    with uow_factory() as uow:
        result = seed_demo(uow, datetime.now(UTC), ZoneInfo(settings.timezone))
        uow.commit()
    if result.created:
        print(f"演示数据已写入:{result.staff} 名员工,{result.customers} 位客户,{result.visits} 条拜访。")
    else:
        print("演示数据已存在,未做改动。")


def _cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Every configured channel in one process: Telegram when a token is set (webhook when KEHU_WEBHOOK_URL is set,
    else long polling), WeCom when its five settings are; the console when neither is."""
    if settings.telegram_bot_token is None and not settings.wecom_enabled and not settings.wecom_bot_enabled:
        return _cmd_console(settings, args)
    from bot.channels.serve import serve  # only a served run pays for importing the platform libraries

    app = build_app(settings)
    try:
        asyncio.run(serve(app, settings))
    finally:
        app.close()
    return 0


def _cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    """The console on the configured database; an empty one gets the demo first, so someone can log in."""
    app = build_app(settings)
    try:
        with app.uow_factory() as uow:
            empty = not staff_service.anyone(uow)
        if empty:
            _seed(app.uow_factory, settings)
        if settings.web_port is not None:
            from bot.web.app import serve_in_thread

            serve_in_thread(app, settings)
            print(f"网页工作台 web desk: {settings.desk_url}(在对话中发送 /web 获取登录链接)")
        return _console(app, args.who or settings.console_user)
    finally:
        app.close()


def _console(app: App, who: str) -> int:
    try:
        user = login(app.uow_factory, who, app.clock.now())
    except DomainError:
        hint = "(先运行 kehu demo seed 写入演示数据 / run `kehu demo seed` first)"
        print(f"找不到控制台用户「{who}」{hint}", file=sys.stderr)
        return 1
    channel = ConsoleChannel(app.router, user, app.settings.outbox, sys.stdout)
    interactive = sys.stdin.isatty()
    if interactive:
        channel.welcome()
        channel.run(_prompted_lines(), echo=False)
    else:
        channel.run(sys.stdin, echo=True)
    return 0


def _prompted_lines() -> Iterator[str]:
    import readline  # noqa: F401  (importing it gives input() line editing and history)

    while True:
        try:
            yield input("你> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return


if __name__ == "__main__":
    sys.exit(main())
