"""Load benchmark: N `kehu run` instances in webhook mode on loopback against one PostgreSQL, a Telegram Bot API
emulator taking their replies, and 2,000 simulated managers sending a realistic mix through the webhook endpoint
(round robin, as a load balancer would) at rising rates: 70% FAQ questions, 20% visit logs confirmed with ✅保存
(two updates), 10% lists and summaries. Latency is measured end to end: from posting the update to the first
reply arriving at the emulator. Prints throughput, p50/p95/p99, errors per rate and the rate where p99 passes
500 ms.

Run: .venv/bin/python benchmarks/load.py --instances 1 4 [--rates 10 20 40 80] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pg  # noqa: E402
from tests.e2e.emulator import Emulator  # noqa: E402
from tests.e2e.spec import SPEC_PATH, Spec  # noqa: E402

KEHU = Path(sys.executable).with_name("kehu")
SECRET = "load-benchmark-secret-0123456789"
MANAGERS = 2000
TEAM_SIZE = 20
TIMEOUT = 10.0
ERROR_WORDS = ("出错", "繁忙", "稍后再试")
FAQ_QUESTIONS = [
    json.loads(line)["q"]
    for line in (ROOT / "tests" / "data" / "faq_eval.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
LISTS = ("/followups", "/visits 本周", "/customers", "/targets", "/brief")
COMPANIES = ("华星科技", "恒通物流", "锦程建材", "博远医疗", "中科智联")


class TimedEmulator(Emulator):
    """The strict emulator, noting when each chat receives something and the last card with buttons."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.replies: dict[int, list[tuple[float, str]]] = defaultdict(list)
        self.cards: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def _answer(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        result = super()._answer(method, params, files)
        chat = params.get("chat_id")
        if method in ("sendMessage", "sendPhoto", "sendDocument") and chat is not None:
            with self.lock:
                self.replies[int(chat)].append((time.monotonic(), str(params.get("text", ""))))
                if method == "sendMessage" and params.get("reply_markup"):
                    self.cards[int(chat)] = result
        return result


@dataclass
class Sample:
    kind: str
    latency: float | None  # None: no reply within the timeout
    error: bool = False


@dataclass
class Stage:
    rate: float
    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0


def seed(url: str) -> list[int]:
    """2,000 managers in teams of 20 with a supervisor each, three customers apiece, bound to Telegram ids."""
    os.environ["DATABASE_URL"] = url
    from bot.bootstrap import build_storage
    from bot.config import Settings
    from storage.enums import Role
    from storage.services import customers, onboarding, push_settings, staff

    storage = build_storage(Settings())  # type: ignore[call-arg]
    now = datetime.now(UTC)
    ids = []
    try:
        with storage.uow_factory() as uow:
            for team in range(MANAGERS // TEAM_SIZE):
                name = f"压测{team:03d}组"
                onboarding.team_id(uow, name, now, create=True)
                lead = onboarding.add_staff(uow, f"S{team:04d}", f"主管{team}", Role.SUPERVISOR, name, None, now)
                staff.bind_identity(uow, lead, "telegram", str(900_000 + team), now)
                quiet = {"brief_on": False, "nudge_on": False, "recap_on": False}  # the fan-out: reminders.py
                push_settings.change_settings(uow, staff.pick(uow, f"S{team:04d}"), quiet, team=True)
                for member in range(TEAM_SIZE):
                    index = team * TEAM_SIZE + member
                    person = onboarding.add_staff(uow, f"M{index:05d}", f"经理{index}", Role.MANAGER, name, None, now)
                    staff.bind_identity(uow, person, "telegram", str(100_000 + index), now)
                    for company in COMPANIES[:3]:
                        customers.create_customer(uow, person, f"{company}{index}有限公司", now)
                    ids.append(100_000 + index)
            uow.commit()
    finally:
        storage.close()
    return ids


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_instances(
    count: int, url: str, emulator: Emulator, workdir: Path
) -> tuple[list[subprocess.Popen[bytes]], list[int]]:
    processes, ports = [], []
    for index in range(count):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHU_", "TELEGRAM_"))}
        env.update(
            DATABASE_URL=url,
            TELEGRAM_BOT_TOKEN=emulator.token,
            KEHU_TELEGRAM_API_URL=emulator.base_url,
            KEHU_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            KEHU_WEBHOOK_SECRET=SECRET,
            KEHU_WEBHOOK_LISTEN="127.0.0.1",
            KEHU_WEBHOOK_PORT=str(port),
            KEHU_LOG_LEVEL="WARNING",
            KEHU_DATA_DIR=str(workdir / f"instance{index}"),
        )
        log = (workdir / f"instance{index}.log").open("wb")
        processes.append(subprocess.Popen([str(KEHU), "run"], env=env, stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    for port in ports:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        else:
            raise SystemExit(f"instance on port {port} did not start; see {workdir}")
    return processes, ports


class Load:
    def __init__(self, emulator: TimedEmulator, ports: list[int], chats: list[int]) -> None:
        self.emulator = emulator
        self.ports = ports
        self.idle = list(chats)
        random.shuffle(self.idle)
        self.next_port = 0
        self.update_id = 5_000_000
        self.client = httpx.AsyncClient(timeout=TIMEOUT, limits=httpx.Limits(max_connections=400))

    async def post(self, update: dict[str, Any]) -> float:
        self.update_id += 1
        update["update_id"] = self.update_id
        port = self.ports[self.next_port % len(self.ports)]
        self.next_port += 1
        started = time.monotonic()
        answer = await self.client.post(
            f"http://127.0.0.1:{port}/telegram",
            content=json.dumps(update, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        if answer.status_code != 200:
            raise RuntimeError(f"webhook answered {answer.status_code}")
        return started

    async def reply_after(self, chat: int, started: float) -> tuple[float, str] | None:
        deadline = started + TIMEOUT
        while time.monotonic() < deadline:
            with self.emulator.lock:
                got = self.emulator.replies.get(chat, [])
                found = bisect.bisect_right(got, (started, "\uffff"))
                if found < len(got):
                    return got[found]
            await asyncio.sleep(0.005)
        return None

    async def one(self, chat: int, text: str, kind: str) -> Sample:
        user = {"id": chat, "is_bot": False, "first_name": f"经理{chat}", "language_code": "zh-hans"}
        try:
            started = await self.post(self.emulator.text_update(user, text))
        except (httpx.HTTPError, RuntimeError):
            return Sample(kind, None, error=True)
        reply = await self.reply_after(chat, started)
        if reply is None:
            return Sample(kind, None, error=True)
        return Sample(kind, reply[0] - started, error=any(w in reply[1] for w in ERROR_WORDS))

    async def press(self, chat: int, label: str) -> Sample:
        user = {"id": chat, "is_bot": False, "first_name": f"经理{chat}", "language_code": "zh-hans"}
        with self.emulator.lock:
            card = self.emulator.cards.get(chat)
        buttons = [b for row in (card or {}).get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        data = next((b["callback_data"] for b in buttons if b.get("text") == label), None)
        if card is None or data is None:
            return Sample("confirm", None, error=True)
        try:
            started = await self.post(self.emulator.press_update(user, card, data))
        except (httpx.HTTPError, RuntimeError):
            return Sample("confirm", None, error=True)
        reply = await self.reply_after(chat, started)
        if reply is None:
            return Sample("confirm", None, error=True)
        return Sample("confirm", reply[0] - started, error=any(w in reply[1] for w in ERROR_WORDS))

    async def session(self, stage: Stage) -> None:
        if not self.idle:
            stage.samples.append(Sample("busy", None, error=True))  # every simulated manager is waiting
            return
        chat = self.idle.pop()
        try:
            roll = random.random()
            if roll < 0.70:
                stage.samples.append(await self.one(chat, random.choice(FAQ_QUESTIONS), "faq"))
            elif roll < 0.90:
                company = random.choice(COMPANIES[:3])
                text = f"今天上午拜访{company}{chat - 100_000}王总,谈流贷续贷{random.randint(1, 9)}00万,下周三再跟进"
                card = await self.one(chat, text, "visit")
                stage.samples.append(card)
                if card.latency is not None and not card.error:
                    stage.samples.append(await self.press(chat, "✅保存"))
            else:
                stage.samples.append(await self.one(chat, random.choice(LISTS), "list"))
        finally:
            self.idle.insert(0, chat)

    async def run(self, rate: float, seconds: float) -> Stage:
        """Sessions arrive at `rate` updates a second (a visit session is two updates), open loop."""
        stage = Stage(rate)
        sessions_per_second = rate / 1.18  # 20% of the sessions carry a second update
        tasks = []
        started = time.monotonic()
        next_at = started
        while next_at - started < seconds:
            tasks.append(asyncio.create_task(self.session(stage)))
            next_at += random.expovariate(sessions_per_second)
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        await asyncio.gather(*tasks)
        stage.wall = time.monotonic() - started
        return stage


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(instances: int, stages: list[Stage]) -> None:
    print(f"\n{instances} instance(s) — offered rate, achieved throughput, latency from post to first reply")
    print(f"{'offered/s':>10} {'done/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'updates':>8}")
    ceiling = None
    for stage in stages:
        done = [s.latency for s in stage.samples if s.latency is not None and not s.error]
        errors = sum(1 for s in stage.samples if s.error)
        p99 = percentile(done, 0.99) * 1000
        print(
            f"{stage.rate:>10.0f} {len(done) / stage.wall:>8.1f} {percentile(done, 0.50) * 1000:>8.0f} "
            f"{percentile(done, 0.95) * 1000:>8.0f} {p99:>8.0f} {errors:>7} {len(stage.samples):>8}"
        )
        if ceiling is None and (p99 > 500 or errors):
            ceiling = stage.rate
    by_kind: dict[str, list[float]] = defaultdict(list)
    for stage in stages[:1]:
        for s in stage.samples:
            if s.latency is not None:
                by_kind[s.kind].append(s.latency)
    kinds = ", ".join(f"{k} {statistics.median(v) * 1000:.0f} ms" for k, v in sorted(by_kind.items()))
    print(f"median by kind at the lowest rate: {kinds}")
    print(f"p99 passes 500 ms (or errors appear) at: {ceiling:.0f}/s" if ceiling else "p99 stayed under 500 ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--rates", type=float, nargs="+", default=[10, 20, 40, 80, 160])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; PostgreSQL from tests/pg.py (loopback, fsync off)")
    server = pg.start()
    emulator = TimedEmulator(Spec.load(SPEC_PATH))
    emulator.start()
    try:
        for count in args.instances:
            url = server.create_database(f"load{count}")
            began = time.monotonic()
            chats = seed(url)
            print(f"seeded {len(chats)} managers in {time.monotonic() - began:.0f} s")
            with tempfile.TemporaryDirectory() as tmp:
                processes, ports = start_instances(count, url, emulator, Path(tmp))
                try:
                    asyncio.run(_drive(emulator, ports, chats, args.rates, args.seconds, count))
                finally:
                    for process in processes:
                        process.terminate()
                    for process in processes:
                        process.wait(timeout=60)
    finally:
        emulator.stop()
        pg.stop(server)


async def _drive(
    emulator: TimedEmulator, ports: list[int], chats: list[int], rates: list[float], seconds: float, count: int
) -> None:
    load = Load(emulator, ports, chats)
    warm = await load.run(5, 5)  # every instance answers before the measurement
    if not any(s.latency for s in warm.samples):
        raise SystemExit("no instance answers; see the instance logs")
    stages = [await load.run(rate, seconds) for rate in rates]
    await load.client.aclose()
    report(count, stages)


if __name__ == "__main__":
    main()
