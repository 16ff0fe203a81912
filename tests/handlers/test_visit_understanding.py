"""Visit messages as managers type them (issue 13), through the chat: planned visits, several customers, the
follow-up question, amounts and dates to confirm, fragments that never become customers, visits never taken for
questions, and full-width input."""

from __future__ import annotations

from datetime import date

from bot.bootstrap import App
from storage.services import customers, faq_log, staff, tasks
from tests.chat import Chat, said


def _labels(chat: Chat) -> list[str]:
    return [b.label for b in chat.buttons()]


def test_a_planned_visit_becomes_a_task_on_its_day_not_a_visit(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send("下周三去百川化工拜访刘总")
    assert said("visit.plan_title") in card and "12月2日 周三" in card and "下次跟进" not in card
    assert said("visit.plan_saved", customer="百川化工有限公司", date="12月2日 周三") in chat.press("加入待办")
    with demo_app.uow_factory() as uow:
        planned = [t for t in tasks.open_tasks(uow, chat.user.id) if t.due == date(2026, 12, 2)]
    assert any("拜访百川化工有限公司(刘总)" in t.title for t in planned)
    assert "百川化工" not in chat.send("/visits")


def test_several_customers_in_one_message_become_one_card_each(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    reply = chat.send("上午跑了三家:华星、中科智联、长江精密")
    assert reply.count(said("visit.card_title")) == 3
    for name in ("华星科技有限公司", "中科智联信息技术有限公司", "长江精密机械有限公司"):
        assert said("visit.card.customer", value=name) in reply


def test_a_visit_without_a_follow_up_asks_for_one_with_quick_buttons(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert said("visit.ask_follow_up") in chat.send("今天上午拜访华星科技王总,谈流贷")
    assert _labels(chat)[3:] == ["明天", "下周一", "月底", "不需要"]
    card = chat.press("下周一")
    assert said("visit.card.follow_up", value="11月30日 周一") in card and said("visit.ask_follow_up") not in card
    chat.send("今天上午拜访永辉冷链,推荐理财")
    assert said("visit.ask_follow_up") not in chat.press("不需要")


def test_amounts_to_confirm_are_shown_and_not_saved_as_read(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send("今天上午拜访华星科技王总,授信两三百万,下周一回访")
    assert said("visit.amount_range", words="两三百万") in card and "金额:" not in card
    assert said("visit.approximately", amount="500万") in chat.send("今天拜访华星科技,流贷大概500万左右,明天回访")
    assert said("visit.amount_currency", words="50万美元") in chat.send("今天拜访华星科技,开证50万美元,明天回访")
    assert "金额:1.2亿" in chat.send("今天拜访华星科技王总,谈了一点二个亿的银团贷款,明天回访")
    assert "01:00" not in chat.last[0].text  # type: ignore[union-attr]


def test_an_impossible_date_is_asked_about(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send("2月30日拜访华星科技王总,谈流贷,明天回访")
    assert said("visit.bad_day", words="2月30日") in card and "📅 昨天" in _labels(chat)
    fixed = chat.press("昨天")
    assert "11月22日 周日" in fixed and said("visit.bad_day", words="2月30日") not in fixed


def test_a_rough_date_is_guessed_and_flagged_until_the_author_says_which_day(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")  # the demo clock: Monday 23 November 2026
    card = chat.send("上周去了华星科技王总那里,谈流贷,下周一回访")
    assert said("visit.rough_day", words="上周", day="11月16日 周一") in card
    assert said("visit.card.when", value="11月16日 周一") in card.splitlines()  # a day without a clock time
    chat.press("✏️修改")
    chat.press("时间")
    card = chat.send("11月19日")
    assert "11月19日" in card and said("visit.rough_day", words="上周", day="11月16日 周一") not in card


def test_a_fragment_never_becomes_a_customer(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    with demo_app.uow_factory() as uow:
        before = customers.owned_names(uow, chat.user.id)
    for text in ("再对一下材料 明天给王总回电话", "她们公司想做代发,下周再说", "月底前把材料报上去,下周一开会"):
        reply = chat.send(text)
        assert said("visit.card.new") not in reply, text
    assert said("visit.new_customer_plain") in _labels(chat) and "华星科技有限公司" in _labels(chat)  # recent ones
    with demo_app.uow_factory() as uow:
        assert customers.owned_names(uow, chat.user.id) == before


def test_a_typo_of_a_known_customer_asks_which_one(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    reply = chat.send("华兴科技的王总刚来电话 说续贷材料下周五前能备齐 到时候我去取")
    assert said("visit.which_customer", name="华兴科技") in reply and "华星科技有限公司" in _labels(chat)


def test_a_report_with_question_words_is_a_visit_and_never_a_gap(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    for text in ("电话跟华星科技王总沟通,没什么结果,过两周再说", "华星那边王总说下周给消息"):
        assert said("visit.card_title") in chat.send(text), text
    chat.send("华星科技的代发工资费率是多少?")
    with demo_app.uow_factory() as uow:
        assert not [q for q in faq_log.review_queue(uow) if "华星" in q]


def test_full_width_input_from_a_chinese_keyboard(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "可用命令" in chat.send("／help")
    form = chat.send("/visit 客户=华星科技；联系人=王总；跟进=下个月5号")
    assert "王总" in form and "12月5日 周六" in form


def test_follow_ups_in_the_edit_prompt_and_todo_read_the_new_date_forms(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send("今天上午拜访华星科技王总,谈流贷,明天回访")
    chat.press("✏️修改")
    chat.press("跟进")
    assert "12月5日 周六" in chat.send("下个月5号")
    assert "12月5日" in chat.send("/todo 下个月5号回访华星科技")


def test_a_retail_customer_with_a_form_of_address_is_proposed(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    card = chat.send("今天上午拜访李阿姨,推荐了大额存单,下周一回访")
    assert said("visit.card.customer", value="李阿姨" + said("visit.card.new")) in card


def test_a_handover_request_reaches_the_owners_team_lead(demo_app: App) -> None:
    zhang = Chat(demo_app, "张伟")
    zhang.send("今天上午拜访恒通物流李经理,推荐代发工资,下周一回访")
    reply = zhang.press("申请移交")
    assert said("visit.handover_requested", owner="李娜") in reply
    zhang.press("✅保存")
    with demo_app.uow_factory() as uow:
        lead = staff.pick(uow, "周建国")
        requests = [t.title for t in tasks.open_tasks(uow, lead.id)]
    assert any("张伟申请接手客户「恒通物流有限公司」" in t for t in requests)


def test_a_name_that_may_be_the_customer_is_offered_not_filled_in(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    reply = chat.send("何美玲 微信 问基金定投怎么停 教她在手机银行上操作了")
    assert "客户是「何美玲」吗" in reply and said("visit.card_title") not in reply
    assert _labels(chat)[0] == said("visit.new_customer_button", name="何美玲")
    card = chat.press(said("visit.new_customer_button", name="何美玲"))
    assert said("visit.card.customer", value="何美玲" + said("visit.card.new")) in card


def test_another_new_customer_instead_of_the_guess_is_typed(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    chat.send("何美玲 微信 问基金定投怎么停 教她在手机银行上操作了")
    assert said("visit.ask.customer") in chat.press(said("visit.new_customer_plain"))
    assert said("visit.card.customer", value="何美华" + said("visit.card.new")) in chat.send("何美华")
