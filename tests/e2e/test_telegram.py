"""Conversations driven as a user through the Bot API emulator against the real python-telegram-bot stack."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
from typing import Any

import pytest

from bot.bootstrap import App
from bot.channels.telegram import PLATFORM, TelegramChannel
from bot.outcome import Outcome
from handlers.types import DocumentReply, ImageReply, TextReply
from storage.clock import FrozenClock
from storage.services import staff
from tests.e2e.conftest import STRANGER, USERS, last_markup, start_channel, stop_channel, texts_to, until
from tests.e2e.emulator import BOT_USERNAME, Emulator

ZHANG, SUPERVISOR = USERS["张伟"], USERS["周建国"]


async def say(emulator: Emulator, user: dict[str, Any], text: str, **kw: Any) -> int:
    """Sends a message as the user and waits for the bot to answer in that chat; returns the answer count."""
    chat_id = kw.get("chat", {}).get("id", user["id"])
    before = len(emulator.sent(chat_id))
    emulator.push(emulator.text_update(user, text, **kw))
    await until(lambda: len(emulator.sent(chat_id)) > before)
    return before


async def test_start_and_help_are_role_shaped(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, ZHANG, "/start")
    assert "您好,张伟!" in texts_to(emulator, ZHANG["id"])[-1]
    buttons = last_markup(emulator, ZHANG["id"])["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["📖 查看帮助", "👤 我的信息"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    await say(emulator, ZHANG, "/help")
    await say(emulator, SUPERVISOR, "/help")
    manager_help, supervisor_help = texts_to(emulator, ZHANG["id"])[-1], texts_to(emulator, SUPERVISOR["id"])[-1]
    assert "/customers" in manager_help and "/members" not in manager_help
    assert "/members" in supervisor_help


async def test_command_menus_come_from_the_registry_per_role(telegram: TelegramChannel, emulator: Emulator) -> None:
    await telegram.publish_commands()
    menus = {
        json.loads(k)[0]["type"] + ":" + str(json.loads(k)[0].get("chat_id", json.loads(k)[1])): v
        for k, v in emulator.commands.items()
    }
    names = {k: [c["command"] for c in v] for k, v in menus.items()}
    assert names["default:"] == ["start", "help"]
    assert names["default:en"] == ["start", "help"]
    assert "ask" in names["all_group_chats:"] and "customers" not in names["all_group_chats:"]
    assert "customers" in names[f"chat:{ZHANG['id']}"] and "members" not in names[f"chat:{ZHANG['id']}"]
    assert "members" in names[f"chat:{SUPERVISOR['id']}"]
    assert "kb_reload" in names[f"chat:{USERS['陈静']['id']}"]
    assert all(c["description"] for menu in menus.values() for c in menu)


@pytest.mark.both_databases
async def test_menus_are_published_again_only_where_they_changed(
    telegram: TelegramChannel, emulator: Emulator, tg_app: App
) -> None:
    await telegram.publish_commands()  # what a start does (the tests' channels start without jobs)
    first = len(emulator.sent(method="setMyCommands"))
    assert first >= 3
    await telegram.publish_commands()  # a restart, or a second instance starting: nothing changed
    assert len(emulator.sent(method="setMyCommands")) == first
    with tg_app.uow_factory() as uow:
        staff.set_locale(uow, staff.pick(uow, "张伟").id, "en")
        uow.commit()
    await telegram.publish_commands()
    calls = emulator.sent(method="setMyCommands")[first:]
    assert len(calls) == 1 and calls[0].params["scope"]["chat_id"] == ZHANG["id"]


async def test_a_button_press_is_answered_and_the_keyboard_cleared(
    telegram: TelegramChannel, emulator: Emulator
) -> None:
    await say(emulator, ZHANG, "/start")
    card = emulator.sent(ZHANG["id"], "sendMessage")[-1].result
    key = card["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    before = len(texts_to(emulator, ZHANG["id"]))
    emulator.push(emulator.press_update(ZHANG, card, key))
    await until(lambda: len(texts_to(emulator, ZHANG["id"])) > before)
    assert "工号:D1101" in texts_to(emulator, ZHANG["id"])[-1]
    assert emulator.sent(method="answerCallbackQuery")
    assert emulator.sent(ZHANG["id"], "editMessageReplyMarkup")


async def test_a_stale_or_foreign_button_gets_a_polite_alert(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, ZHANG, "/start")
    card = emulator.sent(ZHANG["id"], "sendMessage")[-1].result
    key = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    lina = USERS["李娜"]
    emulator.push(emulator.press_update(lina, card, key))
    emulator.push(emulator.press_update(ZHANG, card, "no-such-key"))
    await until(lambda: len(emulator.sent(method="answerCallbackQuery")) >= 2)
    answers = [c.params for c in emulator.sent(method="answerCallbackQuery")]
    assert any("不是发给您的" in a.get("text", "") and a.get("show_alert") for a in answers)
    assert any("已失效" in a.get("text", "") for a in answers)


async def test_faq_answer_and_did_you_mean_with_a_press(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, ZHANG, "信用卡年费怎么收")
    assert "免年费" in texts_to(emulator, ZHANG["id"])[-1]
    await say(emulator, ZHANG, "开户")
    assert "您是不是想问" in texts_to(emulator, ZHANG["id"])[-1]
    question = emulator.sent(ZHANG["id"], "sendMessage")[-1].result
    first = question["reply_markup"]["inline_keyboard"][0][0]
    before = len(texts_to(emulator, ZHANG["id"]))
    emulator.push(emulator.press_update(ZHANG, question, first["callback_data"]))
    await until(lambda: len(texts_to(emulator, ZHANG["id"])) > before)
    assert texts_to(emulator, ZHANG["id"])[-1].startswith("📘 " + first["text"])


async def test_a_greeting_gets_a_friendly_word(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, ZHANG, "您好")
    assert "有产品或政策问题直接问我" in texts_to(emulator, ZHANG["id"])[-1]


async def test_group_answers_faq_when_mentioned_and_sends_the_rest_private(
    telegram: TelegramChannel, emulator: Emulator
) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "对公一组"}
    await say(emulator, ZHANG, f"@{BOT_USERNAME} 信用卡年费怎么收", chat=group)
    assert "免年费" in texts_to(emulator, group["id"])[-1]
    emulator.push(emulator.text_update(ZHANG, "大家早上好", chat=group))
    await say(emulator, ZHANG, "/customers", chat=group)
    replies = texts_to(emulator, group["id"])
    assert len(replies) == 2 and "请私聊我" in replies[-1]
    button = last_markup(emulator, group["id"])["inline_keyboard"][0][0]
    assert button["url"] == f"https://t.me/{BOT_USERNAME}"
    assert not any("136" in t or "139" in t for t in replies)


async def test_a_reply_to_the_bot_in_a_group_counts_as_a_mention(telegram: TelegramChannel, emulator: Emulator) -> None:
    group = {"id": -100124, "type": "group", "title": "零售群"}
    await say(emulator, ZHANG, "大额存单起存金额是多少", chat=group, reply_to_bot=True)
    assert "20万元" in texts_to(emulator, group["id"])[-1]


async def test_a_stranger_gets_one_short_explanation(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, STRANGER, "/customers")
    assert "尚未开通" in texts_to(emulator, STRANGER["id"])[-1]


async def test_a_location_without_a_recent_visit_is_not_kept(telegram: TelegramChannel, emulator: Emulator) -> None:
    emulator.push(emulator.location_update(ZHANG, 31.23, 121.47))
    await until(lambda: bool(texts_to(emulator, ZHANG["id"])))
    assert "已收到位置" in texts_to(emulator, ZHANG["id"])[-1]


async def test_a_429_storm_delivers_every_message_once_in_order(telegram: TelegramChannel, emulator: Emulator) -> None:
    emulator.inject("sendMessage", "429", count=3, retry_after=1)
    emulator.inject("sendMessage", "502", count=1)
    lines = [f"第{i}条:" + "说明" * 10 for i in range(5)]
    await telegram.deliver(ZHANG["id"], [TextReply(line) for line in lines])
    assert texts_to(emulator, ZHANG["id"]) == lines
    assert all(fault.remaining == 0 for fault in emulator.faults), "the injected failures were not all hit"


async def test_long_text_is_split_without_breaking_characters(telegram: TelegramChannel, emulator: Emulator) -> None:
    text = "\n".join(f"{i:04d} 客户拜访记录 😀 华星科技 流贷续贷" for i in range(300))
    await telegram.deliver(ZHANG["id"], [TextReply(text)])
    parts = texts_to(emulator, ZHANG["id"])
    assert len(parts) >= 2
    assert "\n".join(parts) == text


async def test_images_and_documents_are_uploaded(telegram: TelegramChannel, emulator: Emulator) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    await telegram.deliver(
        ZHANG["id"], [ImageReply(png, "chart.png", "本月进度"), DocumentReply(b"PK\x03\x04", "团队.xlsx")]
    )
    photo = emulator.sent(ZHANG["id"], "sendPhoto")[-1]
    document = emulator.sent(ZHANG["id"], "sendDocument")[-1]
    assert photo.params["caption"] == "本月进度" and photo.files["photo"] == png
    assert document.result["document"]["file_name"] == "团队.xlsx"


async def test_a_user_who_blocked_the_bot_is_marked(telegram: TelegramChannel, emulator: Emulator, tg_app: App) -> None:
    emulator.inject("sendMessage", "403", count=1)
    result = await telegram.deliver(ZHANG["id"], [TextReply("早上好"), TextReply("第二条")])
    assert result.outcome is Outcome.BLOCKED
    assert texts_to(emulator, ZHANG["id"]) == []
    with tg_app.uow_factory() as uow:
        chats = {r.chat_id for r in staff.reachable(uow, PLATFORM)}
    assert str(ZHANG["id"]) not in chats and str(SUPERVISOR["id"]) in chats


async def test_stopping_commits_the_polling_offset(tg_app: App, emulator: Emulator) -> None:
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(channel)
    update = emulator.push(emulator.text_update(ZHANG, "/whoami"))
    await until(lambda: bool(texts_to(emulator, ZHANG["id"])))
    await stop_channel(channel)
    assert emulator.confirmed_offset == update["update_id"] + 1
    assert emulator.violations == []


@pytest.mark.both_databases
async def test_an_update_redelivered_after_a_crash_is_processed_once(tg_app: App, emulator: Emulator) -> None:
    update = emulator.text_update(ZHANG, "/whoami")
    first = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(first)
    emulator.push({"update_id": 5001, **update})
    await until(lambda: len(texts_to(emulator, ZHANG["id"])) == 1)
    await stop_channel(first)
    emulator.push({"update_id": 5001, **update})  # Telegram resends what it thinks was not confirmed
    emulator.push(emulator.text_update(ZHANG, "/help"))
    second = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(second)
    await until(lambda: len(texts_to(emulator, ZHANG["id"])) >= 2)
    await stop_channel(second)
    replies = texts_to(emulator, ZHANG["id"])
    assert len(replies) == 2 and "工号" in replies[0] and "可用命令" in replies[1]


async def post(emulator: Emulator, update: dict[str, Any], secret: str | None) -> int:
    """Telegram's POST to the webhook, from another thread: the bot's web server runs on this event loop."""
    return await asyncio.to_thread(emulator.post_webhook, update, secret)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(tg_app: App, emulator: Emulator) -> None:
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    port = _free_port()
    await channel.start_webhook("127.0.0.1", port, f"http://127.0.0.1:{port}/telegram", "s3cret-T0ken", jobs=False)
    try:
        assert emulator.webhook_secret == "s3cret-T0ken"
        update = {"update_id": 7001, **emulator.text_update(ZHANG, "/whoami")}
        assert await post(emulator, update, None) == 403
        assert await post(emulator, update, "forged") == 403
        assert texts_to(emulator, ZHANG["id"]) == []
        assert await post(emulator, update, "s3cret-T0ken") == 200
        await until(lambda: len(texts_to(emulator, ZHANG["id"])) == 1)
        assert await post(emulator, update, "s3cret-T0ken") == 200  # a webhook redelivery
        await until(lambda: len(emulator.sent(method="sendMessage")) >= 1)
        assert len(texts_to(emulator, ZHANG["id"])) == 1
    finally:
        await stop_channel(channel)
    assert emulator.violations == []


async def test_the_webhook_refuses_by_secret_and_size_before_reading_the_body(tg_app: App, emulator: Emulator) -> None:
    """A 50 MB POST without the secret is answered 403 from its headers; with the secret, 413; the process does
    not read (or keep) the body."""
    import resource

    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    port = _free_port()
    await channel.start_webhook("127.0.0.1", port, f"http://127.0.0.1:{port}/telegram", "s3cret-T0ken", jobs=False)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for secret, status in ((None, 403), ("s3cret-T0ken", 413)):
            assert await asyncio.to_thread(_raw_post, port, secret, 50_000_000) == status
        assert await asyncio.to_thread(_raw_post, port, "s3cret-T0ken", 0, b"{not json") == 400
    finally:
        await stop_channel(channel)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 40, grown_mb


def _raw_post(port: int, secret: str | None, size: int, body: bytes | None = None) -> int:
    """Headers first, as a client does; the server may answer (and close) before the body is sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        data = body if body is not None else b""
        head = "POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {size or len(data)}\r\n"
        if secret:
            head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
        sock.sendall((head + "\r\n").encode())
        with contextlib.suppress(OSError):
            sock.sendall(data or b"x" * min(size, 1_000_000))
        return int(sock.recv(200).split(b" ")[1])


@pytest.mark.both_databases
async def test_a_database_outage_leaves_webhook_updates_unacknowledged_and_nothing_lost(
    tg_app: App, emulator: Emulator
) -> None:
    """While the database cannot store an update the webhook answers 503 (Telegram resends); a stored update
    waits in its lane while processing fails and is answered once the database is back."""
    from storage.errors import StorageUnavailable

    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    port = _free_port()
    await channel.start_webhook("127.0.0.1", port, f"http://127.0.0.1:{port}/telegram", "s3cret-T0ken", jobs=False)
    real_factory, real_handle = tg_app.uow_factory, tg_app.router.handle
    down = True

    def factory() -> Any:
        if down:
            raise StorageUnavailable()
        return real_factory()

    def handle(incoming: Any, *, durable: bool = False) -> Any:
        if down:
            raise StorageUnavailable()
        return real_handle(incoming, durable=durable)

    try:
        channel.app.uow_factory = factory  # type: ignore[method-assign]
        assert (
            await post(emulator, {"update_id": 7101, **emulator.text_update(ZHANG, "/whoami")}, "s3cret-T0ken") == 503
        )
        channel.app.uow_factory = real_factory  # type: ignore[method-assign]
        tg_app.router.handle = handle  # type: ignore[method-assign]
        assert await post(emulator, {"update_id": 7102, **emulator.text_update(ZHANG, "/help")}, "s3cret-T0ken") == 200
        await asyncio.sleep(1.5)
        assert texts_to(emulator, ZHANG["id"]) == []  # stored, waiting for the database
        down = False
        await until(lambda: len(texts_to(emulator, ZHANG["id"])) == 1)
        assert (
            await post(emulator, {"update_id": 7101, **emulator.text_update(ZHANG, "/whoami")}, "s3cret-T0ken") == 200
        )
        await until(lambda: len(texts_to(emulator, ZHANG["id"])) == 2)
    finally:
        tg_app.router.handle = real_handle  # type: ignore[method-assign]
        await stop_channel(channel)
    replies = texts_to(emulator, ZHANG["id"])
    assert "可用命令" in replies[0] and "工号" in replies[1]


@pytest.mark.parametrize(
    ("method", "params", "error"),
    [
        ("sendMessage", {"text": "你好"}, "chat_id"),
        ("sendMessage", {"chat_id": "1", "text": "x" * 4097}, "1-4096"),
        (
            "sendMessage",
            {
                "chat_id": "1",
                "text": "hi",
                "reply_markup": json.dumps({"inline_keyboard": [[{"text": "按钮", "callback_data": "x" * 65}]]}),
            },
            "BUTTON_DATA_INVALID",
        ),
        ("sendMessage", {"chat_id": "abc1", "text": "hi", "disable_notification": "maybe"}, "disable_notification"),
        ("sendMessage", {"chat_id": "1", "text": "hi", "colour": "red"}, "unknown parameter"),
        ("sendPhoto", {"chat_id": "1"}, "photo"),
        ("setMyCommands", {"commands": json.dumps([{"command": "Bad-Name", "description": "x"}])}, "command name"),
        ("sendTelepathy", {"chat_id": "1"}, "does not exist"),
    ],
)
def test_the_emulator_rejects_calls_that_break_the_spec(
    emulator: Emulator, method: str, params: dict[str, str], error: str
) -> None:
    import httpx

    response = httpx.post(f"{emulator.base_url}{emulator.token}/{method}", data=params)
    body = response.json()
    assert response.status_code in (400, 404) and body["ok"] is False
    assert error in body["description"]
    assert emulator.violations and error in emulator.violations[-1]


@pytest.mark.both_databases
async def test_a_visit_message_is_confirmed_with_a_press_and_listed(
    telegram: TelegramChannel, emulator: Emulator
) -> None:
    await say(emulator, ZHANG, "今天下午拜访华星科技王总,谈流贷续贷500万,下周三再跟进")
    card = emulator.sent(ZHANG["id"], "sendMessage")[-1].result
    assert "待确认" in card["text"]
    save = card["reply_markup"]["inline_keyboard"][0][0]
    assert save["text"] == "✅保存"
    before = len(texts_to(emulator, ZHANG["id"]))
    emulator.push(emulator.press_update(ZHANG, card, save["callback_data"]))
    await until(lambda: len(texts_to(emulator, ZHANG["id"])) > before)
    assert "已保存" in texts_to(emulator, ZHANG["id"])[-1]
    await say(emulator, ZHANG, "/visits")
    assert "华星科技有限公司" in texts_to(emulator, ZHANG["id"])[-1]
    emulator.push(emulator.location_update(ZHANG, 31.23, 121.47))
    await until(lambda: "位置已附在" in texts_to(emulator, ZHANG["id"])[-1])


async def test_reports_without_a_contact_word_get_a_card_and_a_customers_own_question_the_faq(
    telegram: TelegramChannel, emulator: Emulator
) -> None:
    for report in (
        "明辉照明 流贷 8千万 批下来了",
        "东湖渔业的老板黎总来电,问三百万的贷款能不能续,我说月底前给他答复",
        "去 了 大 山 农 家 乐 老 板 老 杨 想 贷 三 十 万",  # dictated a character at a time
        "今天 去 宏大 集团 谈了 流贷 三千万",  # typed in words: the name is read whole
    ):
        await say(emulator, ZHANG, report)
        assert "待确认" in texts_to(emulator, ZHANG["id"])[-1], report
        await say(emulator, ZHANG, "/cancel")
    assert "大山农家乐" in texts_to(emulator, ZHANG["id"])[-4]  # the third card, before its /cancel reply
    assert "宏大集团" in texts_to(emulator, ZHANG["id"])[-2]
    await say(emulator, ZHANG, "信用卡被偷了")  # the debit-card entry never names 信用卡: asked, not its answer
    assert "您是不是想问" in texts_to(emulator, ZHANG["id"])[-1]
    await say(emulator, ZHANG, "我的借记卡找不到了")
    assert "📘 银行卡丢了怎么办" in texts_to(emulator, ZHANG["id"])[-1]  # the FAQ's answer, not a visit card
    await say(emulator, ZHANG, "我 的 借 记 卡 找 不 到 了")
    assert "📘 银行卡丢了怎么办" in texts_to(emulator, ZHANG["id"])[-1]


@pytest.mark.both_databases
async def test_the_morning_brief_is_pushed_through_telegram_once(
    telegram: TelegramChannel, emulator: Emulator, tg_app: App
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    assert isinstance(tg_app.clock, FrozenClock)
    tg_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    await tg_app.jobs.push_tick()
    await tg_app.jobs.push_tick()
    briefs = [t for t in texts_to(emulator, ZHANG["id"]) if t.startswith("☀️")]
    assert len(briefs) == 1 and "本月进度" in briefs[0]
    assert any(t.startswith("☀️") for t in texts_to(emulator, SUPERVISOR["id"]))


@pytest.mark.both_databases
async def test_onboarding_through_the_deep_link(telegram: TelegramChannel, emulator: Emulator, tg_app: App) -> None:
    from storage.enums import Role
    from storage.services import onboarding

    now = tg_app.clock.now()
    with tg_app.uow_factory() as uow:
        onboarding.add_staff(uow, "N0002", "冯小刚", Role.MANAGER, "对公客户一组", None, now)
        code = onboarding.issue_invite(uow, "N0002", now)
        uow.commit()
    newcomer = {"id": 888, "is_bot": False, "first_name": "小刚", "language_code": "zh-hans"}
    await say(emulator, newcomer, "/start WRONGCODE1")
    assert "邀请码不正确" in texts_to(emulator, 888)[-1]
    await say(emulator, newcomer, f"/start {code}")  # what t.me/<bot>?start=CODE sends
    assert "您好,冯小刚" in texts_to(emulator, 888)[-1]
    await say(emulator, newcomer, "/help")
    assert "/visits" in texts_to(emulator, 888)[-1]
    menu = emulator.commands[json.dumps([{"type": "chat", "chat_id": 888}, ""], sort_keys=True)]
    assert "visits" in [c["command"] for c in menu]


@pytest.mark.both_databases
async def test_team_summary_arrives_as_text_photo_and_document(telegram: TelegramChannel, emulator: Emulator) -> None:
    await say(emulator, SUPERVISOR, "/team 本月 excel")
    await until(lambda: bool(emulator.sent(SUPERVISOR["id"], "sendDocument")))
    assert "团队汇总" in texts_to(emulator, SUPERVISOR["id"])[0]
    photo = emulator.sent(SUPERVISOR["id"], "sendPhoto")[-1]
    assert photo.files["photo"].startswith(b"\x89PNG")
    document = emulator.sent(SUPERVISOR["id"], "sendDocument")[-1]
    assert document.result["document"]["file_name"].endswith(".xlsx")
    await say(emulator, ZHANG, "/team")
    assert "仅限团队主管" in texts_to(emulator, ZHANG["id"])[-1]


@pytest.mark.both_databases
async def test_the_morning_fan_out_goes_on_past_chats_telegram_refuses(
    telegram: TelegramChannel, emulator: Emulator, tg_app: App
) -> None:
    """30 managers, 2 of whose chats no longer exist (400 chat not found), and a 429 in the middle: one tick
    delivers the 28 others, the 2 are marked failed with Telegram's reason and are not tried again."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from storage.enums import Role
    from storage.services import onboarding

    assert isinstance(tg_app.clock, FrozenClock)
    tg_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    now = tg_app.clock.now()
    chats = {f"N3{i:03d}": 30000 + i for i in range(30)}
    with tg_app.uow_factory() as uow:
        for no, chat in chats.items():
            person = onboarding.add_staff(uow, no, f"经理{no}", Role.MANAGER, "对公客户一组", None, now)
            staff.bind_identity(uow, person, PLATFORM, str(chat), now)
        uow.commit()
    emulator.missing_chats |= {30003, 30017}
    emulator.inject("sendMessage", "429", count=1)
    await tg_app.jobs.push_tick()
    reached = [c for c in chats.values() if any(t.startswith("☀️") for t in texts_to(emulator, c))]
    assert len(reached) == 28 and 30003 not in reached and 30017 not in reached
    with tg_app.uow_factory() as uow:
        bad = uow.staff.by_staff_no("N3003")
        assert bad is not None
        row = uow.pushes.delivered(bad.id, "brief", now.astimezone(ZoneInfo("Asia/Shanghai")).date())
        assert row is not None and row.status == "failed" and row.reason and "not found" in row.reason.lower()
    calls = len(emulator.calls)
    await tg_app.jobs.push_tick()
    assert not [c for c in emulator.calls[calls:] if c.method == "sendMessage"]


async def _press(emulator: Emulator, user: dict[str, Any], label: str) -> None:
    """Presses the newest button with this label in the user's chat and waits for the answer."""
    card = next(
        c.result
        for c in reversed(emulator.sent(user["id"], "sendMessage"))
        if any(b["text"] == label for row in c.result.get("reply_markup", {}).get("inline_keyboard", []) for b in row)
    )
    key = next(b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label)
    before = len(texts_to(emulator, user["id"]))
    emulator.push(emulator.press_update(user, card, key))
    await until(lambda: len(texts_to(emulator, user["id"])) > before)


@pytest.mark.both_databases
async def test_a_supervisor_checks_a_visit_pages_a_managers_visits_and_sums_the_excel(
    telegram: TelegramChannel, emulator: Emulator
) -> None:
    import io

    from openpyxl import load_workbook

    await say(emulator, SUPERVISOR, "/spotcheck 张伟 1")
    await until(lambda: any(t.startswith("🔍 1/1") for t in texts_to(emulator, SUPERVISOR["id"])))
    assert "内容:" in texts_to(emulator, SUPERVISOR["id"])[-1]
    await _press(emulator, SUPERVISOR, "✗ 存疑")
    assert "请直接回复存疑的原因" in texts_to(emulator, SUPERVISOR["id"])[-1]
    await say(emulator, SUPERVISOR, "客户说当天没有见面")
    assert texts_to(emulator, SUPERVISOR["id"])[-1] == "已记下存疑原因。"
    await say(emulator, SUPERVISOR, "/visits 张伟 本季度")
    first = texts_to(emulator, SUPERVISOR["id"])[-1]
    assert first.startswith("📋 张伟 · 本季度的拜访记录") and "第 1/" in first
    await _press(emulator, SUPERVISOR, "下一页 ▶")
    assert "第 2/" in texts_to(emulator, SUPERVISOR["id"])[-1]
    documents = len(emulator.sent(SUPERVISOR["id"], "sendDocument"))
    await say(emulator, SUPERVISOR, "/team 上月 excel")
    await until(lambda: len(emulator.sent(SUPERVISOR["id"], "sendDocument")) > documents)
    data = emulator.sent(SUPERVISOR["id"], "sendDocument")[-1].files["document"]
    summary = load_workbook(io.BytesIO(data))["汇总"]
    assert summary["A1"].value == "团队汇总 · 上月(2026-10-01 至 2026-10-31)"
    assert str(summary["D7"].value).startswith("=SUM(") and summary["D3"].data_type == "n"


@pytest.mark.both_databases
async def test_an_admin_adds_staff_in_chat_with_a_confirmation(telegram: TelegramChannel, emulator: Emulator) -> None:
    admin = USERS["陈静"]
    await say(emulator, admin, "/staff 新增 N7001 钱多多 客户经理 对公客户一组 13800001111")
    assert "请确认新增人员" in texts_to(emulator, admin["id"])[-1]
    await _press(emulator, admin, "✅ 确认")
    assert "已创建 钱多多(工号 N7001)" in texts_to(emulator, admin["id"])[-1]
    await say(emulator, admin, "/staff 新增 N7002 孔立 客户经理 对公一组")
    assert "没有「对公一组」这个团队" in texts_to(emulator, admin["id"])[-1]


async def test_healthz_and_metrics_report_the_instance(
    telegram: TelegramChannel, emulator: Emulator, tg_app: App
) -> None:
    import httpx

    from bot.ops import start_ops

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start_ops(tg_app, "127.0.0.1", port)
    try:
        await say(emulator, ZHANG, "现在三年定期利率多少")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            health = await client.get("/healthz")
            metrics = (await client.get("/metrics")).text
    finally:
        server.stop()
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert 'kehu_updates_total{platform="telegram"}' in metrics
    assert "kehu_update_seconds_bucket" in metrics and 'kehu_faq_questions_total{status="answer"}' in metrics
    labels = re.findall(r"\{[^}]*\}", metrics)  # a value may contain 501 (a latency sum); a label must not
    assert "现在" not in metrics and labels and not any("501" in label for label in labels)
