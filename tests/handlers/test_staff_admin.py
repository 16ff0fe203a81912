"""Staff management in chat for admins: every change confirmed on a card, every refusal in Chinese."""

from __future__ import annotations

from bot.bootstrap import App
from storage.services import staff
from tests.chat import Chat, said


def test_an_admin_adds_a_member_after_confirming_and_gets_an_invite_code(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    card = admin.send("/staff 新增 N5001 钱多多 客户经理 对公客户一组 13800001111")
    assert "请确认新增人员" in card and "团队:对公客户一组" in card and "手机:13800001111" in card
    with demo_app.uow_factory() as uow:
        assert not uow.staff.by_name("钱多多")  # nothing happens before ✅
    assert "已创建 钱多多(工号 N5001),邀请码 " in admin.press("✅ 确认")
    assert "钱多多" in Chat(demo_app, "周建国").send("/members")
    assert admin.send("/staff 新增 N5001 重复 客户经理") == said("error.staff_exists", staff_no="N5001")


def test_refusals_name_the_problem_in_chinese(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    typo = admin.send("/staff 新增 N5002 孔立 客户经理 对公一组")
    assert "没有「对公一组」这个团队" in typo and "对公客户一组" in typo and "error." not in typo
    assert "手机号「138001111」无效" in admin.send("/staff 新增 N5003 短号 客户经理 对公客户一组 138001111")
    assert "角色「经理人」无效" in admin.send("/staff 新增 N5004 某人 经理人")
    assert admin.send("/staff 停用 张三丰") == said("error.unknown_staff", who="张三丰")
    assert "用法" in admin.send("/staff 乱写")
    assert "仅限管理员" in Chat(demo_app, "周建国").send("/staff")


def test_a_new_team_is_created_only_on_purpose(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    assert "团队:新设三组(新建)" in admin.send("/staff 新增 N5005 孔立 团队主管 新设三组 新建团队")
    admin.press("✅ 确认")
    assert "新设三组" in admin.send("/staff")


def test_move_deactivate_invite_and_handover_by_name(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    assert "将 王磊(工号 D1103,客户经理,对公客户一组) 调到「普惠金融二组」" in admin.send(
        "/staff 调动 王磊 普惠金融二组"
    )
    assert "已将 王磊 调到「普惠金融二组」" in admin.press("✅ 确认")
    assert "王磊" in Chat(demo_app, "刘芳").send("/members") and "王磊" not in Chat(demo_app, "周建国").send("/members")
    assert "新邀请码" in admin.send("/staff 邀请 李娜")
    assert "请确认停用 李娜" in admin.send("/staff 停用 D1102")
    assert "已停用 李娜" in admin.press("✅ 确认")
    assert "请确认交接" in admin.send("/staff 交接 李娜 张伟")
    handed = admin.press("✅ 确认")
    assert "已交接" in handed and "位客户" in handed
    with demo_app.uow_factory() as uow:
        actions = [e.action for e in uow.audit.for_actor(staff.pick(uow, "admin").id)]
    assert {"staff_moved", "staff_deactivated", "handover"} <= set(actions)


def test_cancel_changes_nothing(demo_app: App) -> None:
    admin = Chat(demo_app, "admin")
    admin.send("/staff 停用 张伟")
    assert said("staff.cancelled") == admin.press("❌ 取消")
    assert "张伟" in Chat(demo_app, "张伟").send("/whoami")
