from __future__ import annotations

import io
import re
import warnings
from datetime import date, datetime
from typing import Any

from fontTools.ttLib import TTCollection, TTFont
from openpyxl import load_workbook

from bot.bootstrap import App
from handlers.charts import cjk_font, progress_chart
from handlers.periods import period
from handlers.types import DocumentReply, ImageReply
from knowledge.workcal import WorkCalendar
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
    assert summary["A1"].value == raw["A1"].value == "团队汇总 · 本月(2026-11-01 至 2026-11-30)"
    assert [c.value for c in summary[2]][:8] == [
        "排名",
        "姓名",
        "团队",
        "拜访次数",
        "拜访客户数",
        "新客户",
        "跟进完成",
        "跟进逾期",
    ]
    assert summary.freeze_panes == "C3" and raw.freeze_panes == "C3"
    assert {row[1] for row in summary.iter_rows(min_row=3, max_row=5, values_only=True)} == TEAM_ONE
    managers = {row[1] for row in raw.iter_rows(min_row=3, values_only=True)}
    assert managers and managers <= TEAM_ONE
    assert raw.column_dimensions["C"].width >= 16  # customer names are wide


def _column(sheet: Any, header: str) -> str:
    return next(c.column_letter for c in sheet[2] if c.value == header)


def test_excel_figures_are_numbers_with_formats_and_totals_are_formulas(demo_app: App) -> None:
    zhang = Chat(demo_app, "张伟")
    zhang.send("今天上午拜访华星科技王总,谈流贷续贷500万,客户同意下周提交材料")
    zhang.press("下周一")
    assert "已保存" in zhang.press("✅保存")
    chat = Chat(demo_app, "周建国")
    chat.send("/team 本月 excel")
    data = next(r.data for r in chat.last if isinstance(r, DocumentReply))
    summary, raw = (load_workbook(io.BytesIO(data))[name] for name in ("汇总", "拜访明细"))
    deposits_target, deposits_done = _column(summary, "存款目标"), _column(summary, "存款完成")
    rate, pace = _column(summary, "存款完成率"), _column(summary, "存款日均需")
    first = summary[f"{rate}3"]
    assert first.data_type == "n" and isinstance(first.value, (int, float)) and first.number_format == "0.0%"
    assert summary[f"{deposits_target}3"].number_format == '0!.0,"万"' and summary[f"{deposits_target}3"].value > 10_000
    assert summary[f"{pace}3"].data_type == "n"
    assert summary["D3"].data_type == "n" and summary["D3"].number_format == "0"
    assert summary.auto_filter.ref == f"A2:{summary.cell(2, summary.max_column).column_letter}5"
    subtotal, total = summary["B6"].value, summary["B7"].value
    assert subtotal == "对公客户一组 小计" and total == "合计"
    assert summary["D6"].value == '=SUMIF($C$3:$C$5,"对公客户一组",D3:D5)' and summary["D7"].value == "=SUM(D3:D5)"
    assert summary[f"{rate}7"].value == f'=IF({deposits_target}7>0,{deposits_done}7/{deposits_target}7,"")'
    headers = [c.value for c in raw[2]]
    assert headers == ["时间", "客户经理", "客户", "联系人", "方式", "产品", "金额", "结果", "跟进日期", "事项"]
    logged = [row for row in raw.iter_rows(min_row=3) if row[1].value == "张伟" and "王总" in str(row[3].value)]
    assert logged and logged[-1][6].value == 5_000_000 and logged[-1][6].number_format == '0!.0,"万"'
    assert isinstance(logged[-1][0].value, datetime) and logged[-1][0].number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(logged[-1][8].value, datetime) and logged[-1][8].number_format == "yyyy-mm-dd"
    assert logged[-1][7].value == "客户同意下周提交材料"


def test_a_period_that_is_over_has_no_pace_column(demo_app: App) -> None:
    chat = Chat(demo_app, "周建国")
    chat.send("/team 上月 excel")
    data = next(r.data for r in chat.last if isinstance(r, DocumentReply))
    headers = [c.value for c in load_workbook(io.BytesIO(data))["汇总"][2]]
    assert not any(h and "日均需" in h for h in headers)


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
    assert "已记录:属实" in zhou.press("✓ 属实")
    assert "不是发给您的" in Chat(demo_app, "刘芳").press_key(key)
    assert "用法" in zhou.send("/spotcheck")


def test_periods_follow_the_calendar() -> None:
    today, cal = date(2026, 11, 23), WorkCalendar()

    def span(word: str) -> tuple[date, date, str, bool] | None:
        found = period(word, today, cal)
        return (found.first, found.last, found.label, found.running) if found else None

    assert span("本周") == (date(2026, 11, 23), date(2026, 11, 29), "本周", True)
    assert span("昨天") == (date(2026, 11, 22), date(2026, 11, 22), "昨天", False)
    assert span("上周") == (date(2026, 11, 16), date(2026, 11, 22), "上周", False)
    assert span("上月") == (date(2026, 10, 1), date(2026, 10, 31), "上月", False)
    assert span("12月") == (date(2025, 12, 1), date(2025, 12, 31), "12月", False)
    assert span("本季度") == (date(2026, 10, 1), date(2026, 12, 31), "本季度", True)
    assert span("上季度") == (date(2026, 7, 1), date(2026, 9, 30), "上季度", False)
    assert span("本年") == (date(2026, 1, 1), date(2026, 12, 31), "本年", True)
    assert span("11月1日-11月15日") == (date(2026, 11, 1), date(2026, 11, 15), "11月1日-11月15日", False)
    assert span("2026-10-01至2026-10-31") == (date(2026, 10, 1), date(2026, 10, 31), "2026-10-01至2026-10-31", False)
    assert span("11月20日") == (date(2026, 11, 20), date(2026, 11, 20), "11月20日", False)
    for word in ("13月", "张伟", "11月15日-11月1日", "下周", "华星科技11月"):
        assert span(word) is None, word


def test_a_refusal_never_confirms_whether_a_name_is_on_the_staff(demo_app: App) -> None:
    zhou = Chat(demo_app, "周建国")
    for command in ("/team", "/spotcheck", "/visits"):
        outside, nobody = zhou.send(f"{command} 孙浩"), zhou.send(f"{command} 张三丰")
        assert outside.replace("孙浩", "X") == nobody.replace("张三丰", "X"), (outside, nobody)
    assert "没有「孙浩」" in zhou.send("/team 孙浩")


def test_last_month_is_reviewed_against_last_months_targets(demo_app: App) -> None:
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
    visits, share = re.search(r"张伟:拜访 (\d+) 次.*?拜访 (\d+)%,已结束,未完成", october, re.S).groups()  # type: ignore[union-attr]
    assert int(share) == round(int(visits) / 99 * 100), october  # October's visits against October's target of 99
    assert "已结束" not in this_month and "日均需" in this_month
    assert october_charts != november_charts  # another month's figures and title, not this month's chart again


def test_the_chart_keeps_bars_slim_grows_for_fifty_and_draws_the_elapsed_line() -> None:
    from PIL import Image

    def size(data: bytes) -> tuple[int, int]:
        return Image.open(io.BytesIO(data)).size

    one = progress_chart("本月", [("张伟", 0.42)], "完成率(%)")
    with_line = progress_chart("本月", [("张伟", 0.42)], "完成率(%)", 0.3, "时序进度")
    fifty = progress_chart("本月", [(f"经理{i}", i / 50) for i in range(50)], "完成率(%)", 0.5, "时序进度")
    assert one != with_line and size(one) == size(with_line)
    assert size(fifty)[1] > 3 * size(one)[1]
