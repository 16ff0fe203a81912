from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import App
from storage.enums import Role
from storage.errors import ButtonExpired, ButtonNotYours, UnknownStaff
from storage.services import buttons, customers, faq_log, faq_suggestions, org, staff, updates
from storage.services.demo import seed_demo
from tests.conftest import SHANGHAI


def test_pick_finds_demo_users_by_role_name_and_number(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        assert staff.pick(uow, "manager").name == "张伟"
        assert staff.pick(uow, "supervisor").name == "周建国"
        assert staff.pick(uow, "admin").role is Role.ADMIN
        assert staff.pick(uow, "赵敏").staff_no == "D2101"
        assert staff.pick(uow, "D2001").name == "刘芳"
        with pytest.raises(UnknownStaff):
            staff.pick(uow, "不存在的人")


def test_a_deactivated_user_is_not_resolved(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        user = staff.pick(uow, "张伟")
        staff.bind_identity(uow, user.id, "telegram", "42", now)
        assert staff.resolve(uow, "telegram", "42") == user
        row = uow.staff.get(user.id)
        assert row is not None
        row.active = False
        uow.session.flush()
        assert staff.resolve(uow, "telegram", "42") is None
        assert staff.resolve(uow, "telegram", "unknown") is None


def test_an_update_is_claimed_only_once(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        assert updates.claim(uow, "telegram", "1001", now)
        uow.commit()
    with demo_app.uow_factory() as uow:
        assert not updates.claim(uow, "telegram", "1001", now)
        assert updates.claim(uow, "wecom", "1001", now)


def test_buttons_work_for_their_owner_until_they_expire(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        owner = staff.pick(uow, "张伟")
        other = staff.pick(uow, "李娜")
        key = buttons.issue(uow, owner.id, "chat", "run_command", {"command": "help"}, now)
        assert len(key.encode()) <= 64
        assert buttons.redeem(uow, key, owner.id, now).payload == {"command": "help"}
        with pytest.raises(ButtonNotYours):
            buttons.redeem(uow, key, other.id, now)
        with pytest.raises(ButtonExpired):
            buttons.redeem(uow, key, owner.id, now + timedelta(days=3))
        with pytest.raises(ButtonExpired):
            buttons.redeem(uow, "no-such-key", owner.id, now)
        buttons.redeem(uow, key, owner.id, now, single_use=True)
        with pytest.raises(ButtonExpired):
            buttons.redeem(uow, key, owner.id, now)


def test_demo_seed_is_idempotent(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        before = uow.staff.count()
        result = seed_demo(uow, demo_app.clock.now(), SHANGHAI)
        uow.commit()
    assert not result.created
    with demo_app.uow_factory() as uow:
        assert uow.staff.count() == before == 10  # an admin, a curator, two supervisors, six managers


def test_demo_has_two_teams_six_managers_and_about_forty_customers(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        admin = staff.pick(uow, "admin")
        units = org.team_members(uow, admin)
        managers = [m for u in units for m in u.members if m.role is Role.MANAGER]
        assert len(managers) == 6
        total = sum(len(customers.list_own(uow, staff.pick(uow, m.staff_no).id)) for m in managers)
        assert 35 <= total <= 45


def test_a_supervisor_sees_only_the_team_they_lead(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        zhou = staff.pick(uow, "周建国")
        names = {m.name for u in org.team_members(uow, zhou) for m in u.members}
        assert {"张伟", "李娜", "王磊"} <= names
        assert not names & {"赵敏", "孙浩", "吴婷", "刘芳"}
        assert org.team_members(uow, staff.pick(uow, "张伟")) == []


def test_customer_phones_leave_the_service_masked(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        own = customers.list_own(uow, staff.pick(uow, "张伟").id)
        assert own and all("****" in c.phone_masked for c in own)


def test_a_down_voted_answer_then_the_entry_found_suggests_that_entry(demo_app: App) -> None:
    """Learning from use: 👎 and the right entry chosen right after, or a choice pressed, suggest an alternate;
    a decision takes it off the list, and private texts never appear."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with demo_app.uow_factory() as uow:
        manager = staff.pick(uow, "张伟")
        assert manager is not None
        wrong = faq_log.record(uow, manager.id, "卡被吞了怎么办", "answer", "acct-card-lost", 0.5, now)
        faq_log.vote(uow, wrong, manager.id, -1)
        retry = faq_log.record(uow, manager.id, "ATM吞卡", "clarify", None, 0.3, now + timedelta(minutes=1))
        faq_log.resolve_choice(uow, retry, manager.id, "acct-card-replace")
        late = faq_log.record(uow, manager.id, "年费多少", "answer", "card-points", 0.5, now + timedelta(hours=1))
        faq_log.vote(uow, late, manager.id, -1)
        uow.commit()
    with demo_app.uow_factory() as uow:
        found = {(s.entry_id, s.question) for s in faq_suggestions.pending(uow)}
        assert {("acct-card-replace", "卡被吞了怎么办"), ("acct-card-replace", "ATM吞卡")} <= found
        assert not any(q == "年费多少" for _, q in found)  # nothing found after it
        first = faq_suggestions.pending(uow)[0]
        faq_suggestions.decide(uow, first, False, now)
        uow.commit()
    with demo_app.uow_factory() as uow:
        assert first not in faq_suggestions.pending(uow)
