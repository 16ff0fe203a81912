"""Several instances on one database: the same update delivered to two of them at once is processed once, and
neither user-visible answer is an error."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.bootstrap import App, build_app
from handlers.types import Incoming
from knowledge.holder import KnowledgeHolder
from storage.clock import FrozenClock
from storage.services import staff
from tests.chat import texts
from tests.conftest import settings_for


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
