"""End-to-end fixtures: the Bot API emulator on a loopback port and the real PTB Application polling it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import App, build_app
from bot.channels.telegram import PLATFORM, TelegramChannel
from knowledge.holder import KnowledgeHolder
from storage.clock import FrozenClock
from storage.services import staff
from tests.conftest import missing, settings_for
from tests.e2e.emulator import Emulator
from tests.e2e.spec import SPEC_PATH, Spec

USERS = {
    "张伟": {"id": 501, "is_bot": False, "first_name": "伟", "last_name": "张", "language_code": "zh-hans"},
    "李娜": {"id": 502, "is_bot": False, "first_name": "娜", "last_name": "李", "language_code": "zh-hans"},
    "周建国": {"id": 601, "is_bot": False, "first_name": "建国", "last_name": "周", "language_code": "zh-hans"},
    "陈静": {"id": 701, "is_bot": False, "first_name": "静", "last_name": "陈", "language_code": "zh-hans"},
}
STRANGER = {"id": 999, "is_bot": False, "first_name": "路人", "language_code": "zh-hans"}


@pytest.fixture(scope="session")
def spec() -> Spec:
    if not SPEC_PATH.exists():
        missing(f"Bot API spec not found at {SPEC_PATH}")
    return Spec.load()


@pytest.fixture
def emulator(spec: Spec) -> Iterator[Emulator]:
    emu = Emulator(spec)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def tg_app(demo_db_url: str, tmp_path: Path, clock: FrozenClock, knowledge: KnowledgeHolder) -> Iterator[App]:
    """The demo app with the demo staff bound to their Telegram accounts."""
    app = build_app(settings_for(demo_db_url, tmp_path), clock=clock, knowledge=knowledge)
    with app.uow_factory() as uow:
        for name, user in USERS.items():
            person = staff.pick(uow, name)
            staff.bind_identity(uow, person.id, PLATFORM, str(user["id"]), clock.now())
        uow.commit()
    yield app
    app.close()


async def start_channel(channel: TelegramChannel) -> None:
    """The channel as `kehu run` starts it, long polling (with a short wait, for quick tests), without the
    scheduler's jobs (the tests that need pushes tick them)."""
    channel.poll_timeout = 1
    await channel.start_polling(jobs=False)


async def stop_channel(channel: TelegramChannel) -> None:
    await channel.stop()


@pytest.fixture
async def telegram(tg_app: App, emulator: Emulator) -> AsyncIterator[TelegramChannel]:
    """The real PTB Application, polling the emulator; no spec violation may happen in the test."""
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(channel)
    yield channel
    await stop_channel(channel)
    assert emulator.violations == []


async def until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    """Waits without blocking the event loop the bot runs on."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)


def texts_to(emulator: Emulator, chat_id: int) -> list[str]:
    return [c.params["text"] for c in emulator.sent(chat_id, "sendMessage")]


def last_markup(emulator: Emulator, chat_id: int) -> dict[str, Any]:
    calls = [c for c in emulator.sent(chat_id, "sendMessage") if c.params.get("reply_markup")]
    assert calls, "no message with buttons"
    markup: dict[str, Any] = calls[-1].params["reply_markup"]
    return markup
