from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.bootstrap import App
from handlers.context import Context
from handlers.registry import Command, Feature, Registry
from handlers.router import Router, parse_command
from handlers.types import ChatType, Incoming, Reply, TextReply
from storage.clock import FrozenClock
from storage.db import make_engine, make_session_factory
from storage.uow import UnitOfWork
from tests.chat import Chat, said, texts


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("/help", ("help", "")),
        ("/Team@kehu_bot 本月 excel", ("team", "本月 excel")),
        ("/", None),
        ("你好", None),
    ],
)
def test_parse_command(text: str, parsed: tuple[str, str] | None) -> None:
    assert parse_command(text) == parsed


def test_start_greets_the_user_by_name_with_quick_buttons(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    reply = chat.send("/start")
    assert "张伟" in reply
    assert [b.label for b in chat.buttons()] == ["📖 查看帮助", "👤 我的信息"]
    assert "/customers" in chat.press("帮助")


def test_help_is_shaped_by_role(demo_app: App) -> None:
    manager = Chat(demo_app, "manager").send("/help")
    supervisor = Chat(demo_app, "supervisor").send("/help")
    admin = Chat(demo_app, "admin").send("/help")
    assert "可用命令" in manager and "/customers - 我的客户" in manager
    assert "/members" not in manager
    assert "/members - 团队成员" in supervisor
    assert len(supervisor.splitlines()) > len(manager.splitlines())
    assert "/customers" not in admin and "/members" in admin


def test_unknown_command_points_to_help(demo_app: App) -> None:
    assert "没有 /frobnicate 这个命令" in Chat(demo_app, "manager").send("/frobnicate now")


def test_free_text_nobody_handles_gets_the_fallback(demo_app: App) -> None:
    router = Router(Registry([]), demo_app.uow_factory, demo_app.clock, services=demo_app.router.services)
    chat = Chat(demo_app, "manager")
    reply = router.handle(Incoming(platform="test", user_id=chat.user_id, chat_id="c", text="随便说点什么"))
    assert "/help" in texts(reply)


def test_empty_and_oversize_messages_get_a_clear_reply(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "消息是空的" in chat.send("   ")
    assert "消息太长了(2001 字)" in chat.send("字" * 2001)


def test_forbidden_command_is_refused_politely_and_audited(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    assert "仅限团队主管、管理员使用" in chat.send("/members")
    with demo_app.uow_factory() as uow:
        actions = [(e.action, e.detail) for e in uow.audit.for_actor(chat.user.id)]
    assert ("forbidden_command", {"command": "members"}) in actions


def test_a_stranger_gets_one_short_explanation(demo_app: App) -> None:
    def say(text: str) -> str:
        return texts(demo_app.router.handle(Incoming(platform="test", user_id="stranger", chat_id="s", text=text)))

    assert "尚未开通" in say("/start")
    assert "尚未开通" in say("你好")
    assert "尚未开通" in say("/customers")
    help_text = say("/help")
    assert "/customers" not in help_text and "/start" in help_text


def test_english_locale_is_served_from_the_english_catalogue(demo_app: App) -> None:
    reply = demo_app.router.handle(Incoming(platform="test", user_id="x", chat_id="x", text="/start", language="en-US"))
    assert "not set up yet" in texts(reply)


def test_group_chat_keeps_personal_data_private(demo_app: App) -> None:
    chat = Chat(demo_app, "manager", chat_type=ChatType.GROUP, chat_id="group-1")
    assert chat.send("大家好") == ""
    assert "📘" in chat.send("信用卡年费怎么收", mentioned=True)
    assert chat.send("/frobnicate") == ""
    assert "请私聊我" in chat.send("/customers")
    assert "可用命令" in chat.send("/help")


def test_a_redelivered_update_is_processed_once(demo_app: App) -> None:
    chat = Chat(demo_app, "manager")
    incoming = Incoming(platform="test", user_id=chat.user_id, chat_id=chat.chat_id, text="/whoami", update_id="777")
    assert "张伟" in texts(demo_app.router.handle(incoming))
    assert demo_app.router.handle(incoming) == []


def test_a_button_from_someone_else_or_an_old_one_is_answered_politely(demo_app: App, clock: FrozenClock) -> None:
    zhang = Chat(demo_app, "张伟")
    zhang.send("/start")
    key = zhang.buttons()[0].key
    assert said("error.button_not_yours") in Chat(demo_app, "李娜").press_key(key)
    assert said("error.button_expired") in zhang.press_key("bogus")
    clock.advance(timedelta(days=3))
    assert said("error.button_expired") in zhang.press_key(key)


def test_location_without_a_visit_is_acknowledged_and_not_saved(demo_app: App) -> None:
    assert said("location.nothing") in Chat(demo_app, "manager").share(31.23, 121.47)


def _boom(ctx: Context, args: str) -> list[Reply]:
    raise RuntimeError("secret customer 13912345678 blew up")


def test_an_unexpected_error_reaches_the_user_as_chinese_text_only(
    demo_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    registry = Registry([Feature(commands=(Command("boom", _boom, "cmd.help"),))])
    router = Router(registry, demo_app.uow_factory, demo_app.clock, services=demo_app.router.services)
    chat = Chat(demo_app, "manager")
    with caplog.at_level(logging.ERROR):
        replies = router.handle(Incoming(platform="test", user_id=chat.user_id, chat_id="c", text="/boom"))
    assert replies == [TextReply("抱歉,处理这条消息时出错了,请稍后再试。问题已记录。")]
    assert "RuntimeError" in caplog.text


def test_a_database_that_is_down_gets_a_retry_later_reply(demo_app: App) -> None:
    dead = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    router = Router(
        demo_app.router.registry,
        lambda: UnitOfWork(make_session_factory(dead)),
        demo_app.clock,
        services=demo_app.router.services,
    )
    reply = texts(router.handle(Incoming(platform="test", user_id="u", chat_id="c", text="/help")))
    assert "数据库无响应" in reply and "重新发送" in reply
    dead.dispose()


def test_registering_a_command_twice_is_an_error() -> None:
    command = Command("x", _boom, "cmd.help")
    with pytest.raises(ValueError, match="registered twice"):
        Registry([Feature(commands=(command,)), Feature(commands=(command,))])
