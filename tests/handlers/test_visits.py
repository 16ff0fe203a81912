from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.bootstrap import App
from storage.services import customers, staff, visits
from tests.chat import Chat, said

EXAMPLE = "今天下午拜访华星科技王总,谈流贷续贷500万,他们下周三给答复,下周三再跟进"


def _visits_today(app: App, who: str) -> list[visits.VisitView]:
    with app.uow_factory() as uow:
        person = staff.pick(uow, who)
        day = datetime.combine(app.clock.now().date(), time(0), app.clock.now().tzinfo)
        return visits.visits_between(uow, person.id, day, day + timedelta(days=1))


def test_a_message_becomes_a_card_and_save_stores_it_with_its_follow_up(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send(EXAMPLE)
    assert "待确认" in card and "华星科技有限公司" in card and "王总" in card and "500万" in card
    assert "12月2日 周三" in card
    assert [b.label for b in chat.buttons()] == ["✅保存", "✏️修改", "❌取消"]
    assert _visits_today(demo_app, "张伟") == []  # nothing stored before confirmation
    saved = chat.press("✅保存")
    assert "已保存" in saved and "12月2日" in saved
    assert "华星科技有限公司" in chat.send("/visits")
    assert "下周三再跟进" in chat.send("/followups")


def test_editing_one_field_keeps_the_others(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send(EXAMPLE)
    chat.press("✏️修改")
    assert "要修改哪一项" in chat.last[0].text  # type: ignore[union-attr]
    assert "金额" in chat.press("金额")
    card = chat.send("800万")
    assert "800万" in card and "王总" in card and "12月2日" in card
    chat.press("✏️修改")
    chat.press("跟进")
    assert said("visit.bad_date") in chat.send("改天吧")
    assert "12月4日" in chat.send("下周五")


def test_bad_amount_and_channel_get_clear_errors(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send(EXAMPLE)
    chat.press("✏️修改")
    chat.press("金额")
    assert said("visit.bad_amount") in chat.send("很多钱")
    assert "300万" in chat.send("300万")  # still waiting for the amount after the error
    chat.press("✏️修改")
    chat.press("方式")
    assert said("visit.bad_channel") in chat.send("飞鸽传书")


def test_cancel_stores_nothing(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send(EXAMPLE)
    save_key = chat.buttons()[0].key
    assert said("visit.cancelled") in chat.press("❌取消")
    assert said("visit.expired") in chat.press_key(save_key)  # the old card's ✅保存 after cancelling
    assert _visits_today(demo_app, "张伟") == []


def test_an_unknown_customer_is_marked_new_and_created_on_save(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send("今天上午拜访星辰网络科技陈总,推荐代发工资")
    assert "新客户" in card
    chat.press("✅保存")
    with demo_app.uow_factory() as uow:
        assert "星辰网络科技" in customers.owned_names(uow, staff.pick(uow, "张伟").id)


def test_a_close_name_asks_which_customer_before_offering_save(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    Chat(demo_app, "张伟").send("今天拜访华星电子,推荐理财")  # a draft in another chat does not interfere
    with demo_app.uow_factory() as uow:
        customers.create_customer(uow, staff.pick(uow, "张伟").id, "华星电子", demo_app.clock.now())
        uow.commit()
    assert "对应哪位客户" in chat.send("今天拜访华星,推荐理财")
    labels = [b.label for b in chat.buttons()]
    assert "华星科技有限公司" in labels and "华星电子" in labels and "✅保存" not in labels
    assert "✅保存" in [b.label for b in (chat.press("华星电子") and chat.buttons())]


def test_another_managers_customer_is_never_created_again(demo_app: App) -> None:
    lina = Chat(demo_app, "李娜")
    reply = lina.send("今天上午拜访华星科技王总,谈代发")
    assert said("visit.owned_by_other", name="华星科技", owner="张伟") in reply and "有限公司" not in reply
    assert "由张伟维护 · 协同拜访" in lina.press("协同拜访")
    assert "已保存" in lina.press("✅保存")
    with demo_app.uow_factory() as uow:
        assert "华星科技" not in customers.owned_names(uow, lina.user.id)
    assert [v.customer for v in _visits_today(demo_app, "李娜")] == ["华星科技有限公司"]


def test_guided_and_explicit_forms(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "哪位客户" in chat.send("/visit")
    assert "谈了什么" in chat.send("永辉冷链")
    assert "什么时候跟进" in chat.send("推荐大额存单")
    card = chat.send("3天后")
    assert "永辉冷链物流有限公司" in card and "存款(大额存单)" in card and "11月26日" in card
    wang = Chat(demo_app, "王磊")
    wang.send("/visit 客户=长江精密机械; 联系人=吴总; 事项=谈授信; 跟进=下周三")  # 张伟's customer: a joint visit
    form = wang.press("协同拜访")
    assert "吴总" in form and "12月2日" in form
    assert "格式" in Chat(demo_app, "王磊").send("/visit 胡乱写的")


def test_a_missing_customer_is_asked_for(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    reply = chat.send("今天上门推荐了大额存单")
    assert "哪位客户" in reply
    assert "待确认" in chat.send("永辉冷链")


def test_withdraw_button_works_for_a_day(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send(EXAMPLE)
    chat.press("✅保存")
    assert said("visit.withdrawn") in chat.press("撤回")
    assert _visits_today(demo_app, "张伟") == []


def test_customer_profile_and_supervisor_access(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "华星科技有限公司" in chat.send("/customer 华星")
    assert "用法" in chat.send("/customer")
    assert "仅限" in Chat(demo_app, "admin").send("/visits")


def test_a_saved_visit_is_corrected_in_place_by_its_author(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send(EXAMPLE)
    chat.press("✅保存")
    correct_key = chat.buttons()[0].key
    assert "待确认" in chat.press("更正")
    chat.press("✏️修改")
    chat.press("金额")
    chat.send("800万")
    assert "已更正" in chat.press("✅保存")
    today = _visits_today(demo_app, "张伟")
    assert len(today) == 1 and today[0].amount == 8_000_000
    assert said("error.button_not_yours") in Chat(demo_app, "李娜").press_key(correct_key)
    demo_app.clock.advance(timedelta(hours=25))  # type: ignore[attr-defined]
    assert "24 小时" in chat.press_key(correct_key)
    with demo_app.uow_factory() as uow:
        actions = [e.action for e in uow.audit.for_actor(staff.pick(uow, "张伟").id)]
    assert "visit_corrected" in actions


def test_an_older_cards_buttons_act_on_that_cards_own_draft(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send("今天上午拜访华星科技王总,谈流贷续贷")
    first_save = chat.buttons()[0].key
    chat.send("今天下午拜访永辉冷链李经理,推荐代发工资")
    second_save = chat.buttons()[0].key
    assert "已保存:华星科技有限公司" in chat.press_key(first_save)
    assert "已保存:永辉冷链物流有限公司" in chat.press_key(second_save)
    assert said("visit.already_saved") in chat.press_key(first_save)
    assert {v.customer for v in _visits_today(demo_app, "张伟")} == {"华星科技有限公司", "永辉冷链物流有限公司"}


def test_visits_are_listed_for_last_week_and_a_named_month(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    last_week = chat.send("/visits 上周")
    november = chat.send("/visits 11月")
    assert "没有找到客户" not in last_week and "上周" in last_week
    assert "没有找到客户" not in november and "11月" in november


def test_the_brief_greets_by_the_hour(demo_app: App) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from storage.clock import FrozenClock

    assert isinstance(demo_app.clock, FrozenClock)
    demo_app.clock.set(datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    reply = Chat(demo_app, "张伟").send("/brief")
    assert "下午好" in reply and "早上好" not in reply
