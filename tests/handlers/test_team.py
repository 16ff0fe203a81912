from __future__ import annotations

import io
import warnings
from datetime import date

from fontTools.ttLib import TTCollection, TTFont
from openpyxl import load_workbook

from bot.bootstrap import App
from handlers.charts import cjk_font, progress_chart
from handlers.periods import period
from handlers.types import DocumentReply, ImageReply
from storage.services import staff
from tests.chat import Chat

TEAM_ONE = {"张伟", "李娜", "王磊"}
TEAM_TWO = {"赵敏", "孙浩", "吴婷"}


def _names_in(text: str) -> set[str]:
    return {n for n in TEAM_ONE | TEAM_TWO if n in text}


def test_a_supervisor_sees_only_their_team_through_every_argument(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    for args in ("", " 本周", " 本月", " 上月", " 11月", " 本月 excel"):
        assert _names_in(zhou.send(f"/team{args}")) <= TEAM_ONE, args
    assert _names_in(zhou.send("/team 本月")) == TEAM_ONE
    for forbidden in ("/team 赵敏", "/team D2101", "/team 本月 孙浩 excel", "/spotcheck 吴婷 3"):
        typed = set(forbidden.split())  # the name the supervisor typed is said back; no one else of that team is
        assert "没有权限" in zhou.send(forbidden) and not (_names_in(zhou.last[0].text) - typed) & TEAM_TWO  # type: ignore[union-attr]
    with demo_app.uow_factory() as uow:
        refusals = [e for e in uow.audit.for_actor(staff.pick(uow, "周建国").id) if e.action == "forbidden"]
    assert len(refusals) == 4
    assert _names_in(Chat(demo_app, "admin").send("/team 本月")) == TEAM_ONE | TEAM_TWO
    assert "仅限团队主管、管理员" in Chat(demo_app, "张伟").send("/team")


def test_team_text_ranks_lists_idle_managers_and_pace(demo_app: App) -> None:
    zhang = Chat(demo_app, "张伟")
    zhang.send("今天上午拜访华星科技王总,谈流贷")
    zhang.press("✅保存")
    text = Chat(demo_app, "周建国").send("/team")
    assert text.splitlines()[1].startswith("1. 张伟:拜访 1 次")
    assert "本期未记录拜访:" in text and "李娜" in text.split("本期未记录拜访:")[1]
    assert "日均需" in text
    assert "用法" in Chat(demo_app, "周建国").send("/team 明年")


def test_excel_has_a_summary_and_the_raw_visits_of_the_team_only(demo_app: App) -> None:
    chat = Chat(demo_app, "周建国")
    chat.send("/team 本月 excel")
    documents = [r for r in chat.last if isinstance(r, DocumentReply)]
    assert len(documents) == 1 and documents[0].filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(documents[0].data))
    assert book.sheetnames == ["汇总", "拜访明细"]
    summary, raw = book["汇总"], book["拜访明细"]
    assert [c.value for c in summary[1]][:8] == [
        "排名",
        "姓名",
        "团队",
        "拜访次数",
        "拜访客户数",
        "新客户",
        "跟进完成",
        "跟进逾期",
    ]
    assert summary.freeze_panes == "A2" and raw.freeze_panes == "A2"
    assert {row[1] for row in summary.iter_rows(min_row=2, values_only=True)} == TEAM_ONE
    managers = {row[1] for row in raw.iter_rows(min_row=2, values_only=True)}
    assert managers and managers <= TEAM_ONE
    assert raw.column_dimensions["C"].width >= 16  # customer names are wide


def test_the_chart_is_a_png_with_every_chinese_glyph_in_the_font(demo_app: App) -> None:
    chat = Chat(demo_app, "周建国")
    chat.send("/team 本月")
    images = [r for r in chat.last if isinstance(r, ImageReply)]
    assert len(images) == 1 and images[0].data.startswith(b"\x89PNG")
    labels = ["张伟", "李娜", "王磊", "欧阳靖璇", "本月指标平均完成率", "完成率(%)"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress_chart(labels[4], [(name, 0.5) for name in labels[:4]], labels[5])
    assert not [w for w in caught if "missing from" in str(w.message)]
    path = cjk_font()
    fonts = TTCollection(str(path)).fonts if path.suffix == ".ttc" else [TTFont(str(path))]
    cmap = fonts[0].getBestCmap()
    assert all(ord(ch) in cmap for label in labels for ch in label if not ch.isascii())


def test_spot_check_records_results_for_own_picks_only(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    assert "抽查 张伟" in zhou.send("/spotcheck 张伟 2")
    key = zhou.buttons()[0].key
    assert "已记录:属实" in zhou.press("✓ 1")
    assert "不是发给您的" in Chat(demo_app, "刘芳").press_key(key)
    assert "用法" in zhou.send("/spotcheck")


def test_periods_follow_the_calendar() -> None:
    today = date(2026, 11, 23)
    assert period("本周", today) == (date(2026, 11, 23), today, "本周")
    assert period("上周", today) == (date(2026, 11, 16), date(2026, 11, 22), "上周")
    assert period("上月", today) == (date(2026, 10, 1), date(2026, 10, 31), "上月")
    assert period("12月", today) == (date(2025, 12, 1), date(2025, 12, 31), "12月")
    assert period("13月", today) is None and period("张伟", today) is None


def test_a_refusal_never_confirms_whether_a_name_is_on_the_staff(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    for command in ("/team", "/spotcheck", "/visits"):
        outside, nobody = zhou.send(f"{command} 孙浩"), zhou.send(f"{command} 张三丰")
        assert outside.replace("孙浩", "X") == nobody.replace("张三丰", "X"), (outside, nobody)
    assert "没有「孙浩」" in zhou.send("/team 孙浩")


def test_last_month_is_reviewed_against_last_months_targets(demo_app: App) -> None:
    from datetime import date

    from storage.enums import PeriodKind

    with demo_app.uow_factory() as uow:
        zhang, zhou = staff.pick(uow, "张伟"), staff.pick(uow, "周建国")
        uow.targets.upsert(zhang.id, "visits", PeriodKind.MONTH, date(2026, 10, 1), 99, zhou.id, demo_app.clock.now())  # type: ignore[arg-type]
        uow.commit()
    chat = Chat(demo_app, "周建国")
    october = chat.send("/team 上月")
    october_charts = [r.data for r in chat.last if isinstance(r, ImageReply)]
    this_month = chat.send("/team 本月")
    november_charts = [r.data for r in chat.last if isinstance(r, ImageReply)]
    assert "拜访 0%,当月已结束,未完成" in october or "当月已结束,未完成" in october, october
    assert "当月已结束" not in this_month and "日均需" in this_month
    assert october_charts != november_charts  # another month's figures and title, not this month's chart again
