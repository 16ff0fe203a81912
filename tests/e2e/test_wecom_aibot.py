"""The WeCom AI bot over its long connection (the official SDK) against a local long-connection server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import App, build_app
from bot.channels.wecom_aibot import WeComAiBotChannel
from knowledge.holder import KnowledgeHolder
from storage.clock import FrozenClock
from storage.services import onboarding, staff
from tests.conftest import settings_for
from tests.e2e.aibot_emulator import AiBotServer

ZHANG = "zhangwei"


@pytest.fixture
def aibot_app(demo_db_url: str, tmp_path: Path, clock: FrozenClock, knowledge: KnowledgeHolder) -> Iterator[App]:
    app = build_app(settings_for(demo_db_url, tmp_path), clock=clock, knowledge=knowledge)
    with app.uow_factory() as uow:
        onboarding.link_account(uow, staff.pick(uow, "张伟").staff_no, "wecom", ZHANG, clock.now())
        uow.commit()
    yield app
    app.close()


@pytest.fixture
async def server() -> AsyncIterator[AiBotServer]:
    emu = AiBotServer()
    emu.url = await emu.start()  # type: ignore[attr-defined]
    yield emu
    await emu.stop()
    assert emu.violations == []


@pytest.fixture
async def aibot(
    aibot_app: App, server: AiBotServer, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[WeComAiBotChannel]:
    """The SDK always connects with its TLS context; the local server speaks plain ws:// on loopback."""
    import aibot.ws

    monkeypatch.setattr(aibot.ws, "_SSL_CONTEXT", None)
    channel = WeComAiBotChannel(aibot_app, bot_id=server.bot_id, secret=server.secret, ws_url=server.url)  # type: ignore[attr-defined]
    await channel.start(jobs=False)
    await server.wait_for(lambda: server.subscriptions == 1)
    yield channel
    await channel.stop()


async def test_a_message_gets_a_finished_stream_reply_and_a_card_press_answers(
    aibot: WeComAiBotChannel, server: AiBotServer
) -> None:
    await server.text(ZHANG, "/help")
    await server.wait_for(lambda: bool(server.texts(ZHANG)))
    assert "/visit" in server.texts(ZHANG)[0] and server.replies[0]["stream"]["finish"] is True
    await server.text(ZHANG, "开户")
    await server.wait_for(lambda: bool(server.cards(ZHANG)))
    assert "您是不是想问" in server.texts(ZHANG)[-1] and "1. " in server.texts(ZHANG)[-1]
    before = len(server.texts(ZHANG))
    await server.press(ZHANG, server.cards(ZHANG)[-1], "1")
    await server.wait_for(lambda: len(server.texts(ZHANG)) > before)
    assert "📘" in server.texts(ZHANG)[-1]


async def test_a_repeated_callback_is_answered_once_and_a_dropped_connection_comes_back(
    aibot: WeComAiBotChannel, server: AiBotServer
) -> None:
    await server.text(ZHANG, "/whoami", msgid="same-1")
    await server.text(ZHANG, "/whoami", msgid="same-1")  # WeCom's redelivery
    await server.wait_for(lambda: bool(server.texts(ZHANG)))
    await server.drop()
    await server.wait_for(lambda: server.subscriptions == 2, timeout=20)  # the SDK reconnects and subscribes
    await server.text(ZHANG, "/help")
    await server.wait_for(lambda: len(server.texts(ZHANG)) == 2, timeout=20)
    assert "张伟" in server.texts(ZHANG)[0] and "/visit" in server.texts(ZHANG)[1]


async def test_the_morning_brief_is_pushed_over_the_long_connection(
    aibot: WeComAiBotChannel, server: AiBotServer, aibot_app: App
) -> None:
    assert isinstance(aibot_app.clock, FrozenClock)
    aibot_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    await aibot_app.jobs.push_tick()
    await aibot_app.jobs.push_tick()
    briefs = [t for t in server.texts(ZHANG) if t.startswith("☀️")]
    assert len(briefs) == 1 and "本月进度" in briefs[0]
