"""The draft service on both databases: each draft is its own row, buttons act on their own draft, one draft of a
chat waits for a typed answer at a time, and expired rows are purged."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.bootstrap import App
from knowledge.workcal import WorkCalendar
from storage.services import customers, housekeeping, staff, visit_drafts, visits
from storage.services.staff import StaffView
from storage.services.visit_drafts import BadAmount, DraftAlreadySaved, DraftGone, Step
from storage.uow import UnitOfWork
from tests.conftest import SHANGHAI

CHAT = "chat-1"


def _one(uow: UnitOfWork, author: StaffView, chat: str, text: str, now: datetime, calendar: WorkCalendar) -> Step:
    """The one card a one-customer message becomes."""
    steps = visit_drafts.from_message(uow, author, chat, text, now, calendar)
    assert len(steps) == 1
    return steps[0]


def test_two_drafts_of_one_chat_are_saved_each_as_itself(demo_app: App) -> None:
    local = demo_app.clock.now().astimezone(SHANGHAI)
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        first = _one(uow, zhang, CHAT, "今天拜访华星科技王总,谈流贷", local, demo_app.calendar)
        second = _one(uow, zhang, CHAT, "今天拜访永辉冷链,推荐理财", local, demo_app.calendar)
        assert first.draft.id != second.draft.id
        saved = visit_drafts.confirm(uow, zhang.id, first.draft.id, local)
        uow.commit()
    assert saved.customer == "华星科技有限公司" and not saved.corrected
    with demo_app.uow_factory() as uow:
        with pytest.raises(DraftAlreadySaved):
            visit_drafts.confirm(uow, zhang.id, first.draft.id, local)
        assert visit_drafts.confirm(uow, zhang.id, second.draft.id, local).customer == "永辉冷链物流有限公司"
        with pytest.raises(DraftGone):
            visit_drafts.confirm(uow, staff.pick(uow, "李娜").id, second.draft.id, local)  # someone else's draft


def test_only_the_draft_that_asked_last_takes_the_typed_answer(demo_app: App) -> None:
    local = demo_app.clock.now().astimezone(SHANGHAI)
    calendar = demo_app.calendar
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        first = _one(uow, zhang, CHAT, "今天拜访华星科技王总,谈流贷", local, calendar)
        second = _one(uow, zhang, CHAT, "今天拜访永辉冷链,推荐理财", local, calendar)
        visit_drafts.ask_field(uow, zhang.id, first.draft.id, "amount", local)
        visit_drafts.ask_field(uow, zhang.id, second.draft.id, "amount", local)
        with pytest.raises(BadAmount):
            visit_drafts.answer(uow, zhang, CHAT, "很多钱", local, calendar)
        step = visit_drafts.answer(uow, zhang, CHAT, "300万", local, calendar)
        assert step is not None and step.draft.id == second.draft.id and step.draft.amount == 3_000_000
        assert visit_drafts.current(uow, zhang.id, first.draft.id, local).amount is None
        assert visit_drafts.answer(uow, zhang, CHAT, "400万", local, calendar) is None  # nobody waits now


def test_reopening_a_visit_twice_gives_the_same_correction_draft(demo_app: App) -> None:
    now = demo_app.clock.now().astimezone(SHANGHAI)
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        step = _one(uow, zhang, CHAT, "今天拜访华星科技王总,谈流贷", now, demo_app.calendar)
        visit_id = visit_drafts.confirm(uow, zhang.id, step.draft.id, now).visit_id
        again = visit_drafts.reopen(uow, zhang.id, CHAT, visit_id, now)
        assert visit_drafts.reopen(uow, zhang.id, CHAT, visit_id, now).draft.id == again.draft.id
        assert again.draft.contact == "王总" and again.draft.corrects_visit_id == visit_id
        assert visit_drafts.confirm(uow, zhang.id, again.draft.id, now).corrected


def test_cancelling_the_chat_ends_every_open_draft_and_expired_rows_are_purged(demo_app: App) -> None:
    now = demo_app.clock.now().astimezone(SHANGHAI)
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        step = _one(uow, zhang, CHAT, "今天拜访华星科技王总,谈流贷", now, demo_app.calendar)
        visit_drafts.guided(uow, zhang.id, CHAT, now)
        assert visit_drafts.cancel_chat(uow, zhang.id, CHAT, now)
        assert not visit_drafts.cancel_chat(uow, zhang.id, CHAT, now)
        with pytest.raises(DraftGone):
            visit_drafts.confirm(uow, zhang.id, step.draft.id, now)
        uow.commit()
    with demo_app.uow_factory() as uow:
        purged = housekeeping.purge_expired(uow, now + visit_drafts.DRAFT_TTL + timedelta(days=3))
        uow.commit()
    assert purged.drafts == 2 and purged.buttons == 0


def test_a_new_customer_is_created_only_on_confirmation(demo_app: App) -> None:
    now = demo_app.clock.now().astimezone(SHANGHAI)
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        step = _one(uow, zhang, CHAT, "今天拜访星辰网络科技陈总,推荐代发", now, demo_app.calendar)
        assert step.draft.new_customer and step.draft.customer_id is None
        assert "星辰网络科技" not in customers.owned_names(uow, zhang.id)
        saved = visit_drafts.confirm(uow, zhang.id, step.draft.id, now)
        assert "星辰网络科技" in customers.owned_names(uow, zhang.id)
        day = now.replace(hour=0, minute=0)
        assert [v.id for v in visits.visits_between(uow, zhang.id, day, day + timedelta(days=1))] == [saved.visit_id]
