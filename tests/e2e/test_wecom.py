"""The WeCom channel end to end: the real callback endpoint over HTTP with Tencent's known-answer vectors, and the
conversation flows against the local WeCom server emulator."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import App, build_app
from bot.channels import wecom as wecom_module
from bot.channels.wecom import WeComChannel
from bot.channels.wecom_crypto import CryptoError, WeComCrypto
from knowledge.holder import KnowledgeHolder
from storage.clock import FrozenClock
from storage.services import onboarding, staff
from tests.conftest import settings_for
from tests.e2e.conftest import until
from tests.e2e.wecom_emulator import WeComEmulator

VECTORS = json.loads((Path(__file__).parents[3] / "shared" / "data" / "wecom" / "vectors.json").read_text("utf-8"))
ZHANG, ZHOU = "zhangwei", "zhoujianguo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def wecom_app(demo_db_url: str, tmp_path: Path, clock: FrozenClock, knowledge: KnowledgeHolder) -> Iterator[App]:
    app = build_app(settings_for(demo_db_url, tmp_path), clock=clock, knowledge=knowledge)
    with app.uow_factory() as uow:
        onboarding.link_account(uow, staff.pick(uow, "张伟").staff_no, "wecom", ZHANG, clock.now())
        onboarding.link_account(uow, staff.pick(uow, "周建国").staff_no, "wecom", ZHOU, clock.now())
        uow.commit()
    yield app
    app.close()


@pytest.fixture
def emulator(wecom_app: App) -> Iterator[WeComEmulator]:
    emu = WeComEmulator(clock=lambda: wecom_app.clock.now().timestamp())
    emu.start()
    yield emu
    emu.stop()


async def _channel(app: App, emu: WeComEmulator, **keys: Any) -> WeComChannel:
    channel = WeComChannel(
        app,
        corp_id=keys.get("corp_id", emu.corp_id),
        agent_id=emu.agent_id,
        secret=emu.secret,
        token=keys.get("token", emu.token),
        aes_key=keys.get("aes_key", emu.aes_key),
        api_url=emu.base_url,
        busy_wait=0.2,
    )
    port = _free_port()
    await channel.start("127.0.0.1", port, jobs=False)
    emu.bot_url = f"http://127.0.0.1:{port}/wecom"
    return channel


@pytest.fixture
async def wecom(wecom_app: App, emulator: WeComEmulator) -> AsyncIterator[WeComChannel]:
    channel = await _channel(wecom_app, emulator)
    yield channel
    await channel.stop()
    assert emulator.violations == []


async def _post(emu: WeComEmulator, call: Any, *args: Any, **kwargs: Any) -> int:
    return int(await asyncio.to_thread(call, *args, **kwargs))


def _post_body(url: str, body: bytes) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


# ---- Tencent's vectors, through the endpoint -------------------------------------------------------------
@pytest.mark.parametrize("vector_set", [s for s in VECTORS["sets"]], ids=lambda s: s["name"])
async def test_tencents_vectors_verify_and_decrypt_through_the_endpoint(
    wecom_app: App, emulator: WeComEmulator, vector_set: dict[str, Any]
) -> None:
    emulator.corp_id = vector_set["receiveid"]
    channel = await _channel(
        wecom_app,
        emulator,
        corp_id=vector_set["receiveid"],
        token=vector_set["token"],
        aes_key=vector_set["encoding_aes_key"],
    )
    assert isinstance(wecom_app.clock, FrozenClock)
    try:
        for case in vector_set["cases"]:
            wecom_app.clock.set(datetime.fromtimestamp(int(case["timestamp"]), UTC))
            if case["kind"] == "verify_url":
                params = {k: case[k] for k in ("msg_signature", "timestamp", "nonce", "echostr")}
                status, body = await asyncio.to_thread(_get, f"{emulator.bot_url}?{urllib.parse.urlencode(params)}")
                assert status == 200 and body == case["expected_http_response_body"].encode()  # no quotes, BOM, newline
            elif case["kind"] == "decrypt_post":
                query = {k: case[k] for k in ("msg_signature", "timestamp", "nonce")}
                assert channel.open(query, case["post_body"].encode()) == _xml_fields(case["expected_plaintext"])
                url = f"{emulator.bot_url}?{urllib.parse.urlencode(query)}"
                status, body = await asyncio.to_thread(_post_body, url, case["post_body"].encode())
                assert status == 200 and body == b""  # an empty 200 at once; the answer goes through the API
            elif case["kind"] == "encrypt_reply":
                crypto = WeComCrypto(vector_set["token"], vector_set["encoding_aes_key"], vector_set["receiveid"])
                reply = crypto.reply_xml(case["plaintext"], case["timestamp"], case["nonce"], case["random16"].encode())
                assert reply == case["expected_reply_xml"]
    finally:
        await channel.stop()


def _xml_fields(xml: str) -> dict[str, str]:
    from defusedxml import ElementTree

    return {child.tag: (child.text or "").strip() for child in ElementTree.fromstring(xml.encode())}


# ---- refused cleanly -------------------------------------------------------------------------------------
async def test_forged_replayed_foreign_and_hostile_callbacks_are_refused(
    wecom: WeComChannel, emulator: WeComEmulator, wecom_app: App
) -> None:
    fields = {
        "ToUserName": emulator.corp_id,
        "FromUserName": ZHANG,
        "CreateTime": "1",
        "MsgType": "text",
        "Content": "/help",
        "MsgId": "42",
    }
    assert await _post(emulator, emulator.callback, fields, signature="0" * 40) == 403
    old = int(wecom_app.clock.now().timestamp()) - 3600
    assert await _post(emulator, emulator.callback, fields, timestamp=old) == 403  # a replay an hour later
    foreign = WeComEmulator(corp_id="wwsomeoneelse0000", clock=emulator.clock)
    foreign.bot_url = emulator.bot_url
    assert await _post(foreign, foreign.callback, fields) == 403  # right keys, another corp's id inside
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<xml><Encrypt>&b;</Encrypt></xml>"
    )
    assert await _post(emulator, emulator.post_raw, hostile) == 403
    assert await _post(emulator, emulator.post_raw, b"<xml><Encrypt>" + b"A" * 200_000 + b"</Encrypt></xml>") == 413
    status, _ = await asyncio.to_thread(_get, f"{emulator.bot_url}?msg_signature=x&timestamp=1&nonce=2&echostr=abc")
    assert status == 403
    await asyncio.sleep(0.5)
    assert emulator.sent == []
    with pytest.raises(CryptoError):
        WeComCrypto("t", "not-a-key", "ww1")


# ---- conversations ---------------------------------------------------------------------------------------
async def test_help_faq_and_a_did_you_mean_card_press(wecom: WeComChannel, emulator: WeComEmulator) -> None:
    assert await _post(emulator, emulator.text, ZHANG, "/help") == 200
    await until(lambda: bool(emulator.texts(ZHANG)))
    assert "/visit" in emulator.texts(ZHANG)[0]
    await _post(emulator, emulator.text, ZHANG, "信用卡年费怎么收")
    await until(lambda: any("免年费" in t for t in emulator.texts(ZHANG)))
    cards = len(emulator.to(ZHANG, "template_card"))  # the answer came with 👍/👎 on a card
    await _post(emulator, emulator.text, ZHANG, "开户")
    await until(
        lambda: len(emulator.to(ZHANG, "template_card")) > cards and "您是不是想问" in emulator.texts(ZHANG)[-1]
    )
    card = emulator.to(ZHANG, "template_card")[-1]
    assert "您是不是想问" in emulator.texts(ZHANG)[-1] and "1. " in emulator.texts(ZHANG)[-1]
    before = len(emulator.texts(ZHANG))
    assert await _post(emulator, emulator.press, ZHANG, card, "1") == 200
    await until(lambda: len(emulator.texts(ZHANG)) > before)
    assert "📘" in emulator.texts(ZHANG)[-1]
    await until(lambda: bool(emulator.updated))
    assert emulator.updated[-1]["response_code"] == card["response_code"]  # the pressed card is closed


async def test_a_visit_card_is_confirmed_with_its_button_once(wecom: WeComChannel, emulator: WeComEmulator) -> None:
    await _post(emulator, emulator.text, ZHANG, "今天下午拜访华星科技王总,谈流贷续贷,下周三再跟进")
    await until(lambda: bool(emulator.to(ZHANG, "template_card")))
    card = emulator.to(ZHANG, "template_card")[0]
    assert "拜访记录" in emulator.texts(ZHANG)[0]
    assert await _post(emulator, emulator.press, ZHANG, card, "保存") == 200
    await until(lambda: any("已保存" in t for t in emulator.texts(ZHANG)))
    assert await _post(emulator, emulator.press, ZHANG, card, "保存") == 200  # WeCom's retry of the same press
    await asyncio.sleep(1.0)
    assert sum("已保存" in t for t in emulator.texts(ZHANG)) == 1


async def test_a_retried_callback_is_processed_once_and_a_stranger_gets_one_answer(
    wecom: WeComChannel, emulator: WeComEmulator
) -> None:
    for _ in range(3):  # WeCom's three tries of one message
        assert await _post(emulator, emulator.text, ZHANG, "/whoami", 777) == 200
    await until(lambda: bool(emulator.texts(ZHANG)))
    await asyncio.sleep(0.5)
    assert len(emulator.texts(ZHANG)) == 1 and "张伟" in emulator.texts(ZHANG)[0]
    await _post(emulator, emulator.text, "someone_new", "/help")
    await until(lambda: bool(emulator.texts("someone_new")))
    assert "尚未开通" in emulator.texts("someone_new")[0]


async def test_an_expired_token_is_renewed_and_long_text_split_by_bytes(
    wecom: WeComChannel, emulator: WeComEmulator
) -> None:
    await _post(emulator, emulator.text, ZHANG, "/help")
    await until(lambda: bool(emulator.texts(ZHANG)))
    issued = emulator.tokens_issued
    emulator.expire_tokens()
    from handlers.types import TextReply

    long = "\n".join(f"第{i}行:华星科技有限公司流动资金贷款续贷材料清单" for i in range(120))
    assert (await wecom.deliver(ZHANG, [TextReply(long)])).ok
    assert emulator.tokens_issued == issued + 1
    chunks = emulator.texts(ZHANG)[1:]
    assert len(chunks) > 1 and all(len(c.encode()) <= 2048 for c in chunks) and "".join(chunks).count("第") == 120


async def test_a_voice_message_gets_please_type_it(wecom: WeComChannel, emulator: WeComEmulator) -> None:
    fields = {
        "ToUserName": emulator.corp_id,
        "FromUserName": ZHANG,
        "CreateTime": str(int(emulator.clock())),
        "MsgType": "voice",
        "MediaId": "m1",
        "Format": "amr",
        "MsgId": "9001",
    }
    assert await _post(emulator, emulator.callback, fields) == 200
    await until(lambda: bool(emulator.texts(ZHANG)))
    assert "打字" in emulator.texts(ZHANG)[0]


async def test_the_team_chart_and_excel_arrive_as_uploaded_files(wecom: WeComChannel, emulator: WeComEmulator) -> None:
    await _post(emulator, emulator.text, ZHOU, "/team 本月 excel")
    await until(lambda: bool(emulator.to(ZHOU, "file")), timeout=30)
    assert emulator.to(ZHOU, "file") and any("团队" in t or "张伟" in t for t in emulator.texts(ZHOU))


async def test_the_morning_brief_reaches_wecom_through_the_scheduler(
    wecom: WeComChannel, emulator: WeComEmulator, wecom_app: App
) -> None:
    from zoneinfo import ZoneInfo

    assert isinstance(wecom_app.clock, FrozenClock)
    wecom_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    await wecom_app.jobs.push_tick()
    await wecom_app.jobs.push_tick()
    briefs = [t for t in emulator.texts(ZHANG) if t.startswith("☀️")]
    assert len(briefs) == 1 and "本月进度" in briefs[0]


async def test_a_token_expired_in_the_middle_of_the_fan_out_is_renewed_and_a_refused_member_is_recorded(
    wecom: WeComChannel, emulator: WeComEmulator, wecom_app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """Twelve managers on WeCom; their token expires after the first briefs and the corp revokes it once more;
    one member is outside the app's visible range (81013), and WeCom refuses one call with 60020 (IP not
    trusted): every other brief arrives in one tick, each failure is recorded with its reason."""
    from zoneinfo import ZoneInfo

    from handlers.types import TextReply
    from storage.enums import Role

    assert isinstance(wecom_app.clock, FrozenClock)
    wecom_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    now = wecom_app.clock.now()
    with wecom_app.uow_factory() as uow:
        for i in range(10):
            onboarding.add_staff(uow, f"W{i:03d}", f"企微{i}", Role.MANAGER, "对公客户一组", None, now)
            onboarding.link_account(uow, f"W{i:03d}", "wecom", f"wx_user_{i}", now)
        uow.commit()
    emulator.members = {ZHANG, ZHOU, *(f"wx_user_{i}" for i in range(10) if i != 4)}
    sent_before = len(emulator.sent)
    emulator.expire_tokens()
    emulator.fail_next(60020)
    wecom_module._explained.clear()  # one line per kind of refusal and process
    await wecom_app.jobs.push_tick()
    briefs = [m for m in emulator.sent[sent_before:] if m["msgtype"] == "text" and m["text"]["content"][:1] == "☀"]
    reached = {m["touser"] for m in briefs}
    assert "wx_user_4" not in reached and len(reached) == 10  # of twelve: one outside the range, one refused
    day = now.astimezone(ZoneInfo("Asia/Shanghai")).date()
    with wecom_app.uow_factory() as uow:
        people = [uow.staff.by_staff_no(f"W{i:03d}") for i in range(10)]
        ids = [p.id for p in people if p is not None] + [staff.pick(uow, n).id for n in ("张伟", "周建国")]
        rows = [uow.pushes.delivered(i, "brief", day) for i in ids]
        outcomes = sorted((r.status, (r.reason or "")[:5]) for r in rows if r is not None and r.status != "sent")
    assert outcomes == [("blocked", "81013"), ("failed", "60020")], outcomes
    advice = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert sum("企业可信IP" in a for a in advice) == 1 and sum("可见范围" in a for a in advice) == 1, advice
    emulator.revoke_tokens()
    assert (await wecom.deliver(ZHANG, [TextReply("撤销后仍可发送")])).ok


async def test_messages_to_one_member_are_paced_to_wecoms_limit_and_none_dropped(
    wecom: WeComChannel, emulator: WeComEmulator
) -> None:
    """WeCom takes 30 messages a minute for one member and drops the rest while answering ok; the bot paces what it
    sends to each member, so nothing is dropped (here the limit is 3 a second, on both sides), and a 45033 or a
    busy -1 is waited out."""
    emulator.per_member, emulator.window = 3, 1.0
    wecom.api.pace = ((3, 1.05),)
    emulator.fail_next(45033)
    emulator.fail_next(-1)
    for n in range(6):
        await _post(emulator, emulator.text, ZHANG, "/whoami", 5000 + n)
    await until(lambda: len(emulator.texts(ZHANG)) == 6, timeout=30)
    assert emulator.dropped == 0 and all("张伟" in t for t in emulator.texts(ZHANG))


async def test_with_two_live_instances_each_keeps_to_half_of_a_members_limit(
    wecom: WeComChannel, emulator: WeComEmulator, wecom_app: App
) -> None:
    """Two instances answer one member (the heartbeats say two are alive): each sends at most half of WeCom's
    per-member limit, so the member's total stays within it (here 4 a second per member on WeCom's side, 2 on
    this instance's) and nothing is dropped."""
    emulator.per_member, emulator.window = 2, 1.0  # what WeCom lets through: this instance's half of 4
    wecom.api.pace = ((4, 1.05),)
    wecom_app.jobs.instances = 2
    for n in range(6):
        await _post(emulator, emulator.text, ZHANG, "/whoami", 5100 + n)
    await until(lambda: len(emulator.texts(ZHANG)) == 6, timeout=30)
    assert emulator.dropped == 0


async def test_the_app_menu_is_published_and_a_tap_runs_its_command(wecom_app: App, emulator: WeComEmulator) -> None:
    channel = await _channel(wecom_app, emulator)
    try:
        await channel.publish_menu()
        assert [b["key"] for b in emulator.menus[-1]["button"]] == ["/brief", "/followups", "/help"]
        assert await _post(emulator, emulator.click, ZHANG, "/help") == 200
        await until(lambda: bool(emulator.texts(ZHANG)))
        assert "/visit" in emulator.texts(ZHANG)[0]
    finally:
        await channel.stop()
    assert emulator.violations == []


async def test_a_callback_the_database_cannot_store_is_refused_and_wecoms_retry_gets_it_through(
    wecom: WeComChannel, emulator: WeComEmulator, wecom_app: App
) -> None:
    """While the database is down the callback is answered 503, not 200; WeCom tries again five seconds later
    (here 0.5 s) and the message is stored and answered once."""
    from storage.errors import StorageUnavailable

    real = wecom_app.uow_factory
    calls = {"n": 0}

    def flaky() -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise StorageUnavailable()
        return real()

    emulator.tries, emulator.retry_after = 3, 0.5
    wecom_app.uow_factory = flaky  # type: ignore[method-assign]
    try:
        assert await _post(emulator, emulator.text, ZHANG, "/whoami", 8001) == 200
    finally:
        wecom_app.uow_factory = real  # type: ignore[method-assign]
    assert emulator.statuses[-2:] == [503, 200]
    await until(lambda: bool(emulator.texts(ZHANG)))
    await asyncio.sleep(0.5)
    assert len(emulator.texts(ZHANG)) == 1 and "张伟" in emulator.texts(ZHANG)[0]
