from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import App
from handlers.types import Incoming
from storage.enums import Role
from storage.services import customers, onboarding, staff, tasks, visits
from tests.chat import texts


def _start(app: App, user: str, code: str) -> str:
    return texts(app.router.handle(Incoming(platform="telegram", user_id=user, chat_id=user, text=f"/start {code}")))


def test_an_invite_binds_once_and_greets_by_name(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        onboarding.add_staff(uow, "N0001", "钱多多", Role.MANAGER, "对公客户一组", "13800001111", now)
        code = onboarding.issue_invite(uow, "N0001", now)
        uow.commit()
    assert "您好,钱多多" in _start(demo_app, "9001", code)
    assert "已经使用过" in _start(demo_app, "9002", code)
    assert "您好,钱多多" in _start(demo_app, "9001", "whatever")  # already bound: just greeted


def test_an_expired_or_replaced_code_does_not_work(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        old = onboarding.issue_invite(uow, "D1101", now - timedelta(days=8))
        uow.commit()
    assert "已过期" in _start(demo_app, "9003", old)
    with demo_app.uow_factory() as uow:
        first = onboarding.issue_invite(uow, "D1102", now)
        second = onboarding.issue_invite(uow, "D1102", now)
        uow.commit()
    assert "已过期" in _start(demo_app, "9004", first)
    assert "您好,李娜" in _start(demo_app, "9004", second)


def test_guessing_is_locked_out_after_five_wrong_codes(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        code = onboarding.issue_invite(uow, "D1103", now)
        uow.commit()
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC", "DDDDDDDDDD", "EEEEEEEEEE"):
        assert "邀请码不正确" in _start(demo_app, "6666", guess)
    assert "输错次数过多" in _start(demo_app, "6666", code)  # even the right code waits out the lock
    demo_app.clock.advance(timedelta(hours=1, minutes=1))  # type: ignore[attr-defined]
    assert "您好,王磊" in _start(demo_app, "6666", code)


def test_a_deactivated_leaver_loses_access_at_once(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        code = onboarding.issue_invite(uow, "D2102", now)
        uow.commit()
    assert "您好,孙浩" in _start(demo_app, "7007", code)
    with demo_app.uow_factory() as uow:
        onboarding.deactivate(uow, "D2102", now)
        uow.commit()
    reply = texts(demo_app.router.handle(Incoming(platform="telegram", user_id="7007", chat_id="7007", text="/visits")))
    assert "尚未开通" in reply


def test_handover_moves_customers_and_open_tasks_and_keeps_history(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang, wang = staff.pick(uow, "张伟"), staff.pick(uow, "王磊")
        owned = len(customers.owned_names(uow, zhang.id))
        open_tasks = len(tasks.open_tasks(uow, zhang.id))
        history = len(visits.visits_between(uow, zhang.id, now - timedelta(days=60), now))
        result = onboarding.handover(uow, "D1101", "D1103", now)
        uow.commit()
    assert result.customers == owned and result.tasks == open_tasks and result.kept == ()
    with demo_app.uow_factory() as uow:
        assert customers.owned_names(uow, zhang.id) == [] and tasks.open_tasks(uow, zhang.id) == []
        assert "华星科技有限公司" in customers.owned_names(uow, wang.id)
        assert len(visits.visits_between(uow, zhang.id, now - timedelta(days=60), now)) == history
