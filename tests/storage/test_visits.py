from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import App
from storage.errors import CustomerExists, NotFound, TooLate
from storage.services import customers, staff, tasks, visits
from storage.services.visit_drafts import VisitDraft


def _new_visit(customer_id: int, app: App, **kw: object) -> VisitDraft:
    return VisitDraft(customer_id=customer_id, occurred_at=app.clock.now(), channel="上门拜访", **kw)  # type: ignore[arg-type]


def test_a_longer_legal_name_matches_the_existing_customer(demo_app: App) -> None:
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        for spelling in ("华星科技", "華星科技有限公司", "华星科技 有限责任公司", "华星科技股份有限公司"):
            match = customers.match_customer(uow, zhang.id, spelling)
            assert match.kind == "one" and match.choices[0].name == "华星科技有限公司", spelling


def test_a_near_duplicate_customer_is_never_created(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        with pytest.raises(CustomerExists):
            customers.create_customer(uow, zhang.id, "华星科技", now)
        new_id = customers.create_customer(uow, zhang.id, "星辰网络科技", now)
        assert customers.match_customer(uow, zhang.id, "星辰网络").choices[0].id == new_id


def test_close_names_are_offered_as_choices_and_unknown_ones_as_new(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        customers.create_customer(uow, zhang.id, "华星电子", now)
        assert customers.match_customer(uow, zhang.id, "华星").kind == "several"
        assert customers.match_customer(uow, zhang.id, "完全陌生的公司").kind == "none"


def test_another_managers_customers_are_never_reachable(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang, lina = staff.pick(uow, "张伟"), staff.pick(uow, "李娜")
        huaxing = customers.match_customer(uow, zhang.id, "华星科技").choices[0].id
        assert customers.match_customer(uow, lina.id, "华星科技").kind == "none"
        assert "华星科技有限公司" not in customers.owned_names(uow, lina.id)
        with pytest.raises(NotFound):
            visits.log_visit(uow, lina.id, _new_visit(huaxing, demo_app), now)
        with pytest.raises(NotFound):
            customers.customer_name(uow, lina.id, huaxing)


def test_a_visit_with_a_follow_up_creates_a_task_and_can_be_withdrawn_for_24_hours(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        customer = customers.match_customer(uow, zhang.id, "华星科技").choices[0].id
        visit_id = visits.log_visit(
            uow,
            zhang.id,
            _new_visit(
                customer,
                demo_app,
                contact="王总",
                follow_up=(now + timedelta(days=9)).date(),
                follow_up_text="下周三再跟进",
            ),
            now,
        )
        assert any("下周三再跟进" in t.title for t in tasks.open_tasks(uow, zhang.id))
        with pytest.raises(NotFound):
            visits.withdraw_visit(uow, staff.pick(uow, "李娜").id, visit_id, now)
        with pytest.raises(TooLate):
            visits.withdraw_visit(uow, zhang.id, visit_id, now + timedelta(hours=25))
        visits.withdraw_visit(uow, zhang.id, visit_id, now + timedelta(hours=1))
        assert not any("下周三再跟进" in t.title for t in tasks.open_tasks(uow, zhang.id))
        actions = [e.action for e in uow.audit.for_actor(zhang.id)]
        assert "visit_logged" in actions and "visit_withdrawn" in actions


def test_a_location_joins_only_a_visit_logged_just_before(demo_app: App) -> None:
    now = demo_app.clock.now()
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        assert visits.attach_location(uow, zhang.id, 31.2, 121.5, now) is None
        customer = customers.match_customer(uow, zhang.id, "华星科技").choices[0].id
        visits.log_visit(uow, zhang.id, _new_visit(customer, demo_app), now)
        assert visits.attach_location(uow, zhang.id, 31.2, 121.5, now + timedelta(minutes=5)) == "华星科技有限公司"
        assert visits.attach_location(uow, zhang.id, 31.2, 121.5, now + timedelta(hours=3)) is None
