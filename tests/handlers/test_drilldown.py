"""A supervisor's drill-down into a manager and a customer of their teams, and the lists that finish: paging, the
owner's full numbers in a private chat, leave listed and cancelled."""

from __future__ import annotations

import re

from bot.bootstrap import App
from handlers.types import ChatType, TextReply
from storage.services import customer_profile, staff
from tests.chat import Chat, said


def _phones(text: str) -> list[str]:
    return re.findall(r"1\d{2}(?:\d{4}|\*{4})\d{4}", text)


def test_a_supervisor_lists_one_managers_visits_for_a_period(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    listing = zhou.send("/visits 张伟 上月")
    assert listing.startswith("📋 张伟 · 上月的拜访记录") and "· 10-" in listing and "· 11-" not in listing
    assert zhou.send("/visits 张伟").startswith("📋 张伟 · 本月的拜访记录")
    outside = zhou.send("/visits 孙浩 本月")  # another supervisor's team: neither visits nor a hint that 孙浩 exists
    assert outside == said("visit.no_customer_team", name="孙浩")
    assert Chat(demo_app, "李娜").send("/visits 张伟") == said("visit.no_customer", name="张伟")  # no drill-down


def test_a_supervisor_opens_a_team_customer_with_numbers_masked(demo_app: App) -> None:
    card = Chat(demo_app, "周建国").send("/customer 华星科技")
    assert card.startswith("👤 华星科技有限公司 · ") and "客户经理:张伟" in card and "📋 最近" in card
    assert _phones(card) and all("****" in p for p in _phones(card))
    assert Chat(demo_app, "刘芳").send("/customer 华星科技") == said("visit.no_customer_team", name="华星科技")


def test_the_owner_sees_full_numbers_in_private_and_masked_in_a_group(demo_app: App) -> None:
    private = Chat(demo_app, "张伟").send("/customer 华星科技")
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        match = customer_profile.find(uow, zhang, "华星科技")
        full = customer_profile.profile(uow, zhang, match.choices[0].id, demo_app.clock.now(), reveal=True)
    assert full.phone in private and all(c.phone in private for c in full.contacts)
    assert "客户经理:" not in private and "⏰" in private  # own customer: no owner line; open follow-ups listed
    group = Chat(demo_app, "张伟", chat_type=ChatType.GROUP, chat_id="g-1").send("/customer 华星科技", mentioned=True)
    assert full.phone not in group and "私聊" in group  # a customer's card is never shown in a group


def test_followups_page_through_with_buttons(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    before = int(re.search(r"(\d+) 项", chat.send("/followups")).group(1))  # type: ignore[union-attr]
    for day in range(1, 15 - before + 1 + 10):
        chat.send(f"/todo 12月{day}日 整理第{day}份材料")
    first = chat.send("/followups")
    total = int(re.search(r"(\d+) 项", first).group(1))  # type: ignore[union-attr]
    pages = -(-total // 10)
    assert total > 20 and f"第 1/{pages} 页" in first and "11." not in first
    assert [b.label for b in chat.buttons() if "页" in b.label] == ["下一页 ▶"]
    second = chat.press("下一页")
    assert f"第 2/{pages} 页" in second and "11. " in second and "1. " not in second.replace("11. ", "")
    assert [b.label for b in chat.buttons() if "页" in b.label] == ["◀ 上一页", "下一页 ▶"]
    assert "✔ 完成第 11 项" in [b.label for b in chat.buttons()]
    assert f"第 1/{pages} 页" in chat.press("上一页")


def test_leave_is_listed_and_cancelled(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert said("leave.none") in chat.send("/leave")
    chat.send("/leave 11月25日-11月27日")
    chat.send("/leave 12月10日")
    listing = chat.send("/leave")
    assert "1. 11月25日 至 11月27日(共 3 天)" in listing and "2. 12月10日 至 12月10日" in listing
    key = chat.buttons()[0].key
    assert "已取消请假 11月25日 至 11月27日" in chat.press("取消第 1 段")
    assert chat.press_key(key) in (said("leave.already_gone"), said("error.button_expired"))
    assert "11月25日" not in chat.send("/leave") and "12月10日" in chat.last[0].text  # type: ignore[union-attr]


def test_leave_already_running_ends_yesterday_when_cancelled(demo_app: App) -> None:
    from datetime import date, timedelta

    from storage.services import leave

    chat = Chat(demo_app, "张伟")
    chat.send("/leave 11月23日-11月26日")  # today is 11-23 in the demo
    demo_app.clock.advance(timedelta(days=2))  # type: ignore[attr-defined]
    chat.send("/leave")
    chat.press("取消第 1 段")
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟").id
        assert leave.on_leave(uow, zhang, date(2026, 11, 24)) and not leave.on_leave(uow, zhang, date(2026, 11, 25))


def test_yesterday_has_no_pace_and_a_quarter_sums_its_months_targets(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    yesterday = zhou.send("/team 昨天")
    assert yesterday.startswith("📊 团队汇总 · 昨天(11月22日-11月22日)") and "日均需" not in yesterday
    quarter = zhou.send("/team 本季度")
    assert quarter.startswith("📊 团队汇总 · 本季度(10月1日-12月31日)") and "日均需" in quarter
    ranged = zhou.send("/team 11月1日-11月15日")
    assert ranged.startswith("📊 团队汇总 · 11月1日-11月15日(11月1日-11月15日)") and "日均需" not in ranged


def test_spot_check_cards_carry_what_to_check_and_a_doubt_takes_a_reason(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    zhou.send("/spotcheck 张伟 2")
    cards = [r.text for r in zhou.last if isinstance(r, TextReply) and r.buttons]  # type: ignore[attr-defined]
    assert len(cards) == 2 and all(card.startswith("🔍 ") and "内容:" in card for card in cards)
    assert any("联系人:" in card and _phones(card) and "****" not in card for card in cards)  # a number to call
    assert "已记录:存疑" in zhou.press("✗ 存疑")
    assert zhou.send("客户说当天没有见面") == said("spot.reason_saved")
    with demo_app.uow_factory() as uow:
        reasons = [e for e in uow.audit.for_actor(staff.pick(uow, "周建国").id) if e.action == "spot_check_reason"]
    assert len(reasons) == 1
    assert "FAQ" not in zhou.send("/team 本月") and "抽查:属实 0 · 存疑 1 · 待核 1" in zhou.last[0].text  # type: ignore[union-attr]


def test_a_supervisors_brief_has_the_teams_line(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    zhou.send("/spotcheck 王磊 1")
    brief = zhou.send("/brief")
    assert "👥 团队:" in brief and "落后于时序进度" in brief and "逾期跟进" in brief and "待核实的抽查 1 条" in brief
    assert "👥 团队:" not in Chat(demo_app, "张伟").send("/brief")
