"""Several instances on one database: the same update delivered to two of them at once is processed once, and
neither user-visible answer is an error."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import App, build_app
from handlers.types import Incoming
from knowledge.holder import KnowledgeHolder
from storage.clock import FrozenClock
from storage.services import coordination, staff
from storage.uow import UnitOfWork
from tests.chat import texts
from tests.conftest import settings_for

SAMPLE_KB = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "sample_kb"


def _deliver(app: App, incoming: Incoming, gate: threading.Barrier, answers: list[str]) -> None:
    gate.wait()  # both instances take the update at the same moment
    answers.append(texts(app.router.handle(incoming)))


def test_one_update_delivered_to_two_instances_at_once_is_handled_once_without_an_error(
    demo_db_url: str, tmp_path: Path, clock: FrozenClock, knowledge: KnowledgeHolder
) -> None:
    first, second = (
        build_app(settings_for(demo_db_url, tmp_path / name), clock=clock, knowledge=knowledge) for name in "ab"
    )
    try:
        with first.uow_factory() as uow:
            zhang = staff.pick(uow, "张伟")
            staff.bind_identity(uow, zhang.id, "telegram", "501", clock.now())
            uow.commit()
        for trial in range(8):
            incoming = Incoming(
                platform="telegram",
                user_id="501",
                chat_id="501",
                text=f"/todo 12月{trial + 1}日 整理材料{trial}",
                update_id=f"dup-{trial}",
            )
            answers: list[str] = []
            gate = threading.Barrier(2)
            threads = [
                threading.Thread(target=_deliver, args=(app, incoming, gate, answers)) for app in (first, second)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            assert sorted(bool(a) for a in answers) == [False, True], answers  # one answers, the other stays silent
            assert not [a for a in answers if "出错" in a or "繁忙" in a], answers
        with first.uow_factory() as uow:
            titles = [row[0].title.split()[-1] for row in uow.tasks.open_for(zhang.id) if "整理材料" in row[0].title]
        assert sorted(titles) == sorted(f"整理材料{i}" for i in range(8))  # each once
    finally:
        first.close()
        second.close()


def test_one_scheduler_leader_at_a_time_taken_over_when_its_lease_lapses(uow: UnitOfWork) -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with uow:
        assert coordination.lead(uow, "scheduler", "a", now)
        assert not coordination.lead(uow, "scheduler", "b", now + timedelta(seconds=10))
        assert coordination.lead(uow, "scheduler", "a", now + timedelta(seconds=20))  # renewed by its holder
        assert not coordination.lead(uow, "scheduler", "b", now + timedelta(seconds=45))  # 20 + 30 s not over yet
        assert coordination.lead(uow, "scheduler", "b", now + timedelta(seconds=51))  # a died: b takes over
        assert coordination.leader(uow, "scheduler", now + timedelta(seconds=52)) == "b"
        coordination.step_down(uow, "scheduler", "b", now + timedelta(seconds=100))
        assert coordination.lead(uow, "scheduler", "a", now + timedelta(seconds=101))  # at once after a graceful stop


def test_the_shared_version_goes_up_once_per_announcement(uow: UnitOfWork) -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with uow:
        assert coordination.version(uow, "kb") == 0
        assert coordination.announce(uow, "kb", now) == 1 and coordination.announce(uow, "kb", now) == 2
        assert coordination.version(uow, "kb") == 2


def test_a_kb_reload_on_one_instance_reaches_the_other_and_only_the_leader_pushes(
    demo_db_url: str, tmp_path: Path, clock: FrozenClock
) -> None:
    from knowledge.holder import KnowledgeHolder
    from tests.chat import Chat

    kb = tmp_path / "kb"
    shutil.copytree(SAMPLE_KB, kb)
    apps = [
        build_app(settings_for(demo_db_url, tmp_path / name), clock=clock, knowledge=KnowledgeHolder(kb))
        for name in "ab"
    ]
    try:
        first, second = apps
        for app in apps:
            app.jobs._follow_kb()  # at start: caught up with the shared version
        before = second.knowledge.matcher  # type: ignore[union-attr]
        assert "已重新加载" in Chat(first, "admin").send("/kb_reload")
        second.jobs._follow_kb()
        assert second.knowledge.matcher is not before  # type: ignore[union-attr]
        assert [app.jobs.lead() for app in apps] == [True, False]
        first.close()  # a graceful stop hands the lease over at once
        assert second.jobs.lead()
    finally:
        for app in apps:
            app.close()


def test_heartbeats_count_the_live_instances(uow: UnitOfWork) -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with uow:
        assert coordination.heartbeat(uow, "a", now) == 1
        assert coordination.heartbeat(uow, "b", now + timedelta(seconds=5)) == 2
        assert coordination.heartbeat(uow, "a", now + timedelta(seconds=36)) == 1  # b last beat 31 s ago


async def test_each_instance_sends_its_share_of_the_bot_limit() -> None:
    import asyncio
    import time

    from bot.channels.share import SharedRate

    share = SharedRate(30)
    assert share.rate == 30
    share.resize(4)
    assert share.rate == 7.5
    started = time.monotonic()
    for _ in range(9):  # a bucket of 7.5: the eighth and ninth wait for it to drain
        await asyncio.wait_for(share.acquire(), timeout=5)
    assert time.monotonic() - started >= 0.1
    share.resize(1)
    assert share.rate == 30
