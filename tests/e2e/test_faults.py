"""The fault suite: `kehu run` as a real process, killed with SIGKILL while it handles updates (long polling and
webhook), restarted, and checked for what users got and what the database holds; and one user's flood beside
another user's message."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.bootstrap import App
from bot.channels.telegram import TelegramChannel
from tests.e2e.conftest import USERS, start_channel, stop_channel, texts_to, until
from tests.e2e.emulator import Emulator

KEHU = Path(sys.executable).with_name("kehu")
PEOPLE = [{"id": 7000 + i, "is_bot": False, "first_name": f"访客{i}", "language_code": "zh-hans"} for i in range(6)]
PER_PERSON = 10


class Bot:
    """`kehu run` in a subprocess on its own SQLite file (or the PostgreSQL database given), started and killed as
    an operator would."""

    def __init__(self, emulator: Emulator, tmp_path: Path, database_url: str | None = None, **extra: str) -> None:
        self.db = tmp_path / "kehu.db"
        self.url = database_url or f"sqlite:///{self.db}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "DATABASE_URL", "TELEGRAM_"))}
        self.env.update(
            TELEGRAM_BOT_TOKEN=emulator.token,
            KEHU_TELEGRAM_API_URL=emulator.base_url,
            DATABASE_URL=self.url,
            **extra,
        )
        self.cwd = tmp_path
        self.process: subprocess.Popen[str] | None = None
        subprocess.run([str(KEHU), "demo", "seed"], cwd=tmp_path, env=self.env, check=True, capture_output=True)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(KEHU), "run"], cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> str:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        return output

    def processed(self) -> set[str]:
        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                return {row[0] for row in conn.execute(text("select update_id from processed_updates"))}
        finally:
            engine.dispose()


@pytest.fixture
def updates(emulator: Emulator) -> list[dict[str, Any]]:
    return [
        emulator.text_update(p, "/help") | {"update_id": 20000 + n * 100 + i}
        for n in range(PER_PERSON)
        for i, p in enumerate(PEOPLE)
    ]


def _replies(emulator: Emulator) -> dict[int, int]:
    return {p["id"]: len(texts_to(emulator, p["id"])) for p in PEOPLE}


def _check(emulator: Emulator, bot: Bot, updates: list[dict[str, Any]]) -> None:
    """Every acknowledged update processed exactly once and every one answered. A reply the kill caught between
    the commit and the send is kept with the update and sent on the restart; one caught after the send and before
    it was recorded is sent again (Telegram has no idempotency key for messages): at most one per chat, and the
    kill here is timed to land in that window, right after a reply arrives."""
    wanted = {str(u["update_id"]) for u in updates}
    emulator.wait_for(lambda: wanted <= bot.processed(), timeout=90)
    emulator.wait_for(lambda: all(n >= PER_PERSON for n in _replies(emulator).values()), timeout=30)
    replies = _replies(emulator)
    assert all(PER_PERSON <= n <= PER_PERSON + 1 for n in replies.values()), replies
    assert emulator.violations == []


def test_kill_9_while_polling_loses_no_confirmed_update(emulator: Emulator, tmp_path: Path, updates: list[Any]) -> None:
    bot = Bot(emulator, tmp_path)
    bot.start()
    try:
        for update in updates:
            emulator.push(update)
        emulator.wait_for(lambda: sum(_replies(emulator).values()) >= 8, timeout=60)
        bot.kill()
        emulator.violations.clear()  # a request the kill cut in half arrives malformed, as it would at Telegram
        confirmed = emulator.confirmed_offset
        bot.start()
        _check(emulator, bot, updates)
        assert emulator.confirmed_offset >= confirmed
    finally:
        output = bot.stop()
    assert "Traceback" not in output, output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_kill_9_in_webhook_mode_loses_no_acknowledged_update(
    emulator: Emulator, tmp_path: Path, updates: list[Any]
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    bot = Bot(
        emulator,
        tmp_path,
        KEHU_WEBHOOK_URL=url,
        KEHU_WEBHOOK_SECRET="fault-suite-secret-0123456789",
        KEHU_WEBHOOK_LISTEN="127.0.0.1",
        KEHU_WEBHOOK_PORT=str(port),
    )
    bot.start()
    unacknowledged = list(updates)
    try:
        emulator.wait_for(lambda: emulator.webhook_url == url, timeout=60)
        killer = threading.Timer(0.0, lambda: None)
        sent = 0
        while unacknowledged:  # Telegram posts each update until it gets a 200, whatever happens to the bot
            update = unacknowledged[0]
            try:
                status = emulator.post_webhook(update, "fault-suite-secret-0123456789")
            except OSError:
                status = 0
            if status == 200:
                unacknowledged.pop(0)
                sent += 1
                if sent == 25:
                    bot.kill()  # 25 acknowledged, a few of them processed
                    killer = threading.Timer(1.0, bot.start)
                    killer.start()
            else:
                time.sleep(0.2)
        killer.join()
        _check(emulator, bot, updates)
    finally:
        output = bot.stop()
    assert "Traceback" not in output, output


@pytest.fixture
async def flood_channel(tg_app: App, emulator: Emulator) -> Iterator[TelegramChannel]:
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(channel)
    yield channel  # type: ignore[misc]
    await stop_channel(channel)


async def test_a_flood_from_one_user_does_not_slow_another(flood_channel: TelegramChannel, emulator: Emulator) -> None:
    """200 messages from one manager in a burst, then one from another: the other is answered within a second;
    the flooder is told once that they are slowed, and the rest of their messages wait in their own lane."""
    zhang, li = USERS["张伟"], USERS["李娜"]
    for _ in range(200):
        emulator.push(emulator.text_update(zhang, "信用卡年费怎么收"))
    await asyncio.sleep(0.3)
    started = time.monotonic()
    emulator.push(emulator.text_update(li, "/whoami"))
    await until(lambda: bool(texts_to(emulator, li["id"])), timeout=10)
    waited = time.monotonic() - started
    assert waited < 1.0, waited
    await until(lambda: any("发得有点快" in t for t in texts_to(emulator, zhang["id"])), timeout=60)
    flooded = texts_to(emulator, zhang["id"])
    assert sum("发得有点快" in t for t in flooded) == 1
    assert len(flooded) < 150  # still working through them, one a second


@pytest.mark.both_databases
async def test_a_locked_ledger_during_a_tick_does_not_stall_replies(
    tg_app: App, emulator: Emulator, backend: str
) -> None:
    """Another session holds the delivery ledger locked while the morning tick runs: the tick waits in its worker
    thread, and a manager's message is answered meanwhile (the event loop is free)."""
    if backend != "postgresql":
        pytest.skip("SQLite locks the whole file: only PostgreSQL can lock one table")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from storage.clock import FrozenClock

    assert isinstance(tg_app.clock, FrozenClock)
    tg_app.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(channel)
    locker = tg_app.engine.connect()
    transaction = locker.begin()
    try:
        locker.execute(text("LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE"))
        tick = asyncio.get_running_loop().create_task(tg_app.jobs.push_tick())
        await asyncio.sleep(0.5)
        started = time.monotonic()
        emulator.push(emulator.text_update(USERS["李娜"], "/whoami"))
        await until(lambda: bool(texts_to(emulator, USERS["李娜"]["id"])), timeout=10)
        assert time.monotonic() - started < 2.0 and not tick.done()
    finally:
        transaction.rollback()
        locker.close()
    await asyncio.wait_for(tick, timeout=30)
    assert any(t.startswith("☀️") for t in texts_to(emulator, USERS["张伟"]["id"]))
    await stop_channel(channel)


@pytest.mark.both_databases
async def test_postgresql_stopped_for_10_s_while_updates_arrive(
    tg_app: App, emulator: Emulator, backend: str, request: pytest.FixtureRequest
) -> None:
    """The server goes away (immediate stop) while five messages arrive: polling stops confirming, nobody gets an
    error, and once the server is back every message is answered exactly once."""
    if backend != "postgresql":
        pytest.skip("stopping the database server needs PostgreSQL")
    from tests import pg

    server: pg.PgServer = request.getfixturevalue("pg_server")
    channel = TelegramChannel(tg_app, emulator.token, base_url=emulator.base_url)
    await start_channel(channel)
    li = USERS["李娜"]
    try:
        emulator.push(emulator.text_update(li, "/whoami"))
        await until(lambda: len(texts_to(emulator, li["id"])) == 1)
        await asyncio.to_thread(pg.pause, server)
        try:
            for _ in range(5):
                emulator.push(emulator.text_update(li, "/help"))
            await asyncio.sleep(10)
            assert len(texts_to(emulator, li["id"])) == 1  # nothing answered, nothing answered wrongly
        finally:
            await asyncio.to_thread(pg.resume, server)
        await until(lambda: len(texts_to(emulator, li["id"])) == 6, timeout=60)
        await asyncio.sleep(1)
        replies = texts_to(emulator, li["id"])
        assert len(replies) == 6 and all("可用命令" in r for r in replies[1:])
    finally:
        await stop_channel(channel)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _leader(bot: Bot) -> str | None:
    engine = create_engine(f"sqlite:///{bot.db}")
    try:
        with engine.connect() as conn:
            row = conn.execute(text("select holder from leases where name = 'scheduler'")).first()
            return str(row[0]) if row else None
    finally:
        engine.dispose()


def test_two_instances_one_update_delivered_to_both_and_the_leader_killed(emulator: Emulator, tmp_path: Path) -> None:
    """Two `kehu run` processes on one database behind a "load balancer": the same update posted to both at once
    gets one reply and no error; kill -9 of the scheduler leader, and the other takes the lease within 45 s."""
    secret = "fault-suite-secret-0123456789"
    bots = []
    for _ in range(2):
        port = _free_port()
        extra = {"KEHU_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "KEHU_WEBHOOK_SECRET": secret}
        bots.append(
            (Bot(emulator, tmp_path, KEHU_WEBHOOK_LISTEN="127.0.0.1", KEHU_WEBHOOK_PORT=str(port), **extra), port)
        )
    outputs = []
    try:
        for bot, _ in bots:
            bot.start()
        emulator.wait_for(lambda: _leader(bots[0][0]) is not None, timeout=90)
        for _, port in bots:  # both listening
            emulator.wait_for(lambda port=port: _listening(port), timeout=90)
        for n, person in enumerate(PEOPLE[:3]):
            update = emulator.text_update(person, "/help") | {"update_id": 40000 + n}
            statuses: list[int] = []

            def post(port: int, update: dict[str, Any] = update, statuses: list[int] = statuses) -> None:
                while True:  # as Telegram would: until a 200
                    try:
                        status = emulator.post_webhook(update, secret, url=f"http://127.0.0.1:{port}/telegram")
                    except OSError:
                        status = 0
                    if status == 200:
                        statuses.append(status)
                        return
                    time.sleep(0.2)

            threads = [threading.Thread(target=post, args=(port,)) for _, port in bots]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            emulator.wait_for(lambda person=person: len(texts_to(emulator, person["id"])) >= 1, timeout=30)
        time.sleep(2)  # a second reply, if there were one, would have arrived by now
        for person in PEOPLE[:3]:
            answers = texts_to(emulator, person["id"])
            assert len(answers) == 1 and "出错" not in answers[0], answers
        holder = _leader(bots[0][0])
        assert holder is not None
        dead = next(b for b, _ in bots if b.process is not None and f":{b.process.pid}:" in holder)
        dead.kill()
        started = time.monotonic()
        emulator.wait_for(lambda: (_leader(dead) or holder) != holder, timeout=60)
        assert time.monotonic() - started < 50
        outputs = [b.stop() for b, _ in bots if b is not dead]
    finally:
        for bot, _ in bots:
            if bot.process is not None and bot.process.poll() is None:
                outputs.append(bot.stop())
    assert not [o for o in outputs if "Traceback" in o], outputs


@pytest.mark.both_databases
def test_two_instances_on_postgresql_with_the_server_stopped_for_10_s(
    emulator: Emulator, tmp_path: Path, demo_db_url: str, backend: str, request: pytest.FixtureRequest
) -> None:
    """Two `kehu run` processes in webhook mode on one PostgreSQL; the server stops at once (as a crash or a
    failover would) while updates keep arriving at both: no update is acknowledged while it cannot be stored,
    "Telegram" retries, nobody gets an error, and once the server is back every update is answered exactly once."""
    if backend != "postgresql":
        pytest.skip("stopping the database server needs PostgreSQL")
    from tests import pg

    server: pg.PgServer = request.getfixturevalue("pg_server")
    secret = "fault-suite-secret-0123456789"
    bots = []
    for name in "ab":
        port = _free_port()
        (tmp_path / name).mkdir()
        extra = {"KEHU_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "KEHU_WEBHOOK_SECRET": secret}
        bot = Bot(emulator, tmp_path / name, demo_db_url, KEHU_WEBHOOK_LISTEN="127.0.0.1", KEHU_WEBHOOK_PORT=str(port))
        bot.env.update(extra)
        bots.append((bot, port))
    updates = [emulator.text_update(p, "/help") | {"update_id": 50000 + i} for i, p in enumerate(PEOPLE)]
    outputs: list[str] = []

    def deliver(update: dict[str, Any], port: int) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # as Telegram does: again until a 200
            try:
                if emulator.post_webhook(update, secret, url=f"http://127.0.0.1:{port}/telegram") == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)

    try:
        for bot, _ in bots:
            bot.start()
        for _, port in bots:
            emulator.wait_for(lambda port=port: _listening(port), timeout=90)
        pg.pause(server)
        try:
            threads = [threading.Thread(target=deliver, args=(u, bots[i % 2][1])) for i, u in enumerate(updates)]
            for thread in threads:
                thread.start()
            time.sleep(10)
            assert all(not texts_to(emulator, p["id"]) for p in PEOPLE)  # nothing answered, nothing wrongly
        finally:
            pg.resume(server)
        for thread in threads:
            thread.join(timeout=90)
        emulator.wait_for(lambda: all(texts_to(emulator, p["id"]) for p in PEOPLE), timeout=90)
        time.sleep(2)
        for person in PEOPLE:
            answers = texts_to(emulator, person["id"])
            assert len(answers) == 1 and "可用命令" in answers[0], answers
        assert {str(u["update_id"]) for u in updates} <= bots[0][0].processed()
        outputs = [bot.stop() for bot, _ in bots]
    finally:
        for bot, _ in bots:
            if bot.process is not None and bot.process.poll() is None:
                outputs.append(bot.stop())
    assert not [o for o in outputs if "Traceback" in o], outputs
