"""Follow-up days written every way a manager writes them, after each kind of next step, in three frames: the card
takes the day as the follow-up, keeps the visit today and never reads the day back as the visit's own date.
The expected days are computed here from the calendar, independently of the parser."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from knowledge.amounts import find_amounts
from knowledge.visit_parser import parse_visit
from knowledge.workcal import WorkCalendar

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Thursday
ACTIONS = (
    "再联系",
    "给答复",
    "去签合同",
    "把材料送过去",
    "来行开户",
    "回访",
    "把方案发过去",
    "上会",
    "放款",
    "再跟进一下",
)
FRAMES = ("拜访宏达科技王总 谈贷款 {d}{a}", "宏达科技 电话 {d}{a}", "今天去了宏达科技,{d}{a}")


def _days() -> dict[str, date]:
    today = NOW.date()
    monday = today - timedelta(days=today.weekday())
    days = {"明天": today + timedelta(1), "后天": today + timedelta(2), "大后天": today + timedelta(3)}
    for i, w in enumerate("一二三四五六日"):
        days[f"下周{w}"] = monday + timedelta(7 + i)
        days[f"下下周{w}"] = monday + timedelta(14 + i)
    for i, w in ((4, "五"), (5, "六")):
        days[f"周{w}"] = days[f"本周{w}"] = monday + timedelta(i)
    for n in (2, 3, 5, 10):
        days[f"{n}天后"] = today + timedelta(n)
    days |= {
        "一周后": today + timedelta(7),
        "过两周": today + timedelta(14),
        "月底前": date(2026, 12, 31),
        "年底前": date(2026, 12, 31),
        "下个月5号": date(2027, 1, 5),
        "下月初": date(2027, 1, 1),
        "12月20日": date(2026, 12, 20),
        "20号": date(2026, 12, 20),
        "1月8日": date(2027, 1, 8),
        "元旦后": date(2027, 1, 4),
        "12.18": date(2026, 12, 18),
        "2026-12-22": date(2026, 12, 22),
    }
    return days


def test_every_written_day_after_every_next_step_is_the_follow_up() -> None:
    calendar = WorkCalendar()
    misread = []
    for words, day in _days().items():
        for action in ACTIONS:
            for frame in FRAMES:
                text = frame.format(d=words, a=action)
                parsed = parse_visit(text, NOW, calendar)
                if parsed.follow_up != day or parsed.when.date() != NOW.date() or parsed.planned:
                    misread.append((text, parsed.follow_up, parsed.when.date()))
    assert not misread, misread[:5]


def test_a_full_date_or_a_clock_time_is_never_an_amount() -> None:
    assert find_amounts("谈贷款 2026-12-22再联系") == []
    assert find_amounts("2026.1.29 贷款") == []
    assert find_amounts("14:30 电话 存款") == []
    assert [a.value for a in find_amounts("贷款 2026万")] == [20_260_000]
