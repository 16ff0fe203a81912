from __future__ import annotations

from datetime import date

from bot.bootstrap import App
from storage.services import leave, push_settings, staff
from tests.chat import Chat


def test_targets_show_progress_with_the_pace(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "已记录:存款 800万" in chat.send("/done 存款 800万 华星科技")
    reply = chat.send("/targets")
    assert "存款 800万/2000万(40%),剩 6 个工作日,日均需 200万" in reply


def test_a_supervisor_sets_targets_and_assigns_tasks_only_in_their_teams(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    assert "张伟 本月存款目标 3000万" in zhou.send("/target 张伟 存款 3000万 本月")
    assert "没有权限" in zhou.send("/target 赵敏 存款 3000万 本月")
    assert "已分派给 李娜" in zhou.send("/assign 李娜 周五前回访恒通物流")
    assert "没有权限" in zhou.send("/assign 孙浩 周五前回访恒通物流")
    assert "周五前回访恒通物流" in Chat(demo_app, "李娜").send("/followups")


def test_commands_explain_bad_input(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "用法:/done" in chat.send("/done")
    assert "没有「黄金」这个指标" in chat.send("/done 黄金 5万")
    assert "数额需要是正数" in chat.send("/done 存款 很多")
    assert "用法:/leave" in chat.send("/leave 改天")
    assert "结束日不能早于开始日" in chat.send("/leave 11月27日-11月25日")
    assert "没看懂这个设置" in chat.send("/settings 早报 25:00")
    assert "用法:/target" in Chat(demo_app, "周建国").send("/target 张伟")


def test_leave_and_settings_are_stored(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "共 3 天" in chat.send("/leave 11月25日-11月27日")
    chat.send("/settings 早报 08:00")
    chat.send("/settings 晚间 关")
    chat.send("/settings 免打扰 22:00-07:00")
    Chat(demo_app, "周建国").send("/settings 团队 周报 关")
    with demo_app.uow_factory() as uow:
        zhang = staff.pick(uow, "张伟")
        current = push_settings.effective_settings(uow, zhang.id, zhang.unit_id)
        assert leave.on_leave(uow, zhang.id, date(2026, 11, 26))
    assert (current.brief_at, current.nudge_on, current.recap_on) == ("08:00", False, False)
    assert current.quiet_at("23:30") and current.quiet_at("06:59") and not current.quiet_at("08:00")
    assert "早报:08:00" in chat.send("/settings")


def test_an_admin_defines_a_metric_that_managers_then_report(demo_app: App) -> None:
    assert "没有「手机银行」这个指标" in Chat(demo_app, "周建国").send("/target 张伟 手机银行 50 本月")
    assert "张伟 本月手机银行目标 50" in Chat(demo_app, "admin").send("/target 张伟 手机银行 50 本月")
    assert "李娜 本月手机银行目标 40" in Chat(demo_app, "周建国").send("/target 李娜 手机银行 40 本月")
    zhang = Chat(demo_app, "张伟")
    assert "已记录:手机银行 20" in zhang.send("/done 手机银行 20")
    assert "手机银行 20/50(40%)" in zhang.send("/targets")
    assert "没有「网银签约」这个指标" in zhang.send("/done 网银签约 3")
    assert "手机银行 40%" in Chat(demo_app, "周建国").send("/team 本月")


def test_a_user_changes_their_time_zone(demo_app: App) -> None:
    chat = Chat(demo_app, "张伟")
    assert "时区:Asia/Shanghai" in chat.send("/settings")
    assert "已更新" in chat.send("/settings 时区 香港")
    assert "时区:Asia/Hong_Kong" in chat.send("/settings")
    assert "没有这个时区" in chat.send("/settings 时区 火星")
    assert "已更新" in chat.send("/settings 时区 europe/london")
    with demo_app.uow_factory() as uow:
        assert staff.pick(uow, "张伟").timezone == "Europe/London"


def test_a_metric_written_in_traditional_or_full_width_characters_is_the_same_metric(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    admin.send("/target 张伟 手機銀行 60")
    admin.send("/target 张伟 手机银行 80")
    admin.send("/target 张伟 ｄｅｐｏｓｉｔｓ 3000万")
    targets_text = Chat(demo_app, "张伟").send("/targets")
    assert targets_text.count("手机银行") == 1 and "手機銀行" not in targets_text and "/80" in targets_text
    assert "存款 0元/3000万" in targets_text
